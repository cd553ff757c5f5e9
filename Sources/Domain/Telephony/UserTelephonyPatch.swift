/// Changes to a user's telephony settings: `nil` leaves a setting as it is; for the call
/// forwarding, `.some(nil)` removes it.
public struct UserTelephonyPatch: Sendable, Hashable {
    public var remoteMaintenanceAccess: Bool?
    public var busyOnBusy: Bool?
    public var callForwardingUnconditional: String??

    public init(remoteMaintenanceAccess: Bool? = nil, busyOnBusy: Bool? = nil, callForwardingUnconditional: String?? = nil) {
        self.remoteMaintenanceAccess = remoteMaintenanceAccess
        self.busyOnBusy = busyOnBusy
        self.callForwardingUnconditional = callForwardingUnconditional
    }
}
