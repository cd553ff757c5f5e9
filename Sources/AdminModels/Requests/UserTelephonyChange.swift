import Domain

/// `PATCH /api/v1/users/{number}/telephony`: each member given is changed, the others stay;
/// `callForwardingUnconditional: null` removes the forwarding (RFC 7396).
public struct UserTelephonyChange: Codable, Sendable, Hashable {
    public var remoteMaintenanceAccess: Bool?
    public var busyOnBusy: Bool?
    public var callForwardingUnconditional: String??

    public init(remoteMaintenanceAccess: Bool? = nil, busyOnBusy: Bool? = nil, callForwardingUnconditional: String?? = .none) {
        self.remoteMaintenanceAccess = remoteMaintenanceAccess
        self.busyOnBusy = busyOnBusy
        self.callForwardingUnconditional = callForwardingUnconditional
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case remoteMaintenanceAccess, busyOnBusy, callForwardingUnconditional }

    public init(from decoder: any Decoder) throws {
        try decoder.refuseMembers(except: CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            remoteMaintenanceAccess: try container.decodeUnlessNull(Bool.self, forKey: .remoteMaintenanceAccess),
            busyOnBusy: try container.decodeUnlessNull(Bool.self, forKey: .busyOnBusy),
            callForwardingUnconditional: try container.decodePatch(String.self, forKey: .callForwardingUnconditional))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(remoteMaintenanceAccess, forKey: .remoteMaintenanceAccess)
        try container.encodeIfPresent(busyOnBusy, forKey: .busyOnBusy)
        try container.encodePatch(callForwardingUnconditional, forKey: .callForwardingUnconditional)
    }

    public var patch: UserTelephonyPatch {
        UserTelephonyPatch(remoteMaintenanceAccess: remoteMaintenanceAccess, busyOnBusy: busyOnBusy, callForwardingUnconditional: callForwardingUnconditional)
    }
}
