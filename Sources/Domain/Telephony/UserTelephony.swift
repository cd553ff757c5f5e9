/// A user's telephony settings: what the call core checks when the user dials or is called.
/// The defaults are those of a first start (manual §5.4.1: "After a first start of the
/// communication server, the authorizations of all users are restricted"), so a user without
/// a record has exactly these.
public struct UserTelephony: Sendable, Hashable, Codable {
    /// The call number of the user these settings belong to.
    public var number: String
    /// The permission-set parameter "Remote maintenance access" (manual §5.4.1): whether the
    /// user may enable or bar remote maintenance with the function codes *754 / #754 and
    /// *753 / #753 (Tab. 23).
    public var remoteMaintenanceAccess: Bool
    /// A second call to a user already in a call is answered 486 Busy Here instead of being
    /// offered to the user's terminals (RFC 3261 §21.4.24).
    public var busyOnBusy: Bool
    /// Call forwarding unconditional (CFU): the call number of the user every call to this one
    /// goes to instead; `nil` when the user takes their own calls.
    public var callForwardingUnconditional: String?

    public init(number: String, remoteMaintenanceAccess: Bool = false, busyOnBusy: Bool = false, callForwardingUnconditional: String? = nil) {
        self.number = number
        self.remoteMaintenanceAccess = remoteMaintenanceAccess
        self.busyOnBusy = busyOnBusy
        self.callForwardingUnconditional = callForwardingUnconditional
    }

    /// Whether these are the first start's settings, which the state does not keep a record of.
    public var isDefault: Bool {
        self == UserTelephony(number: number)
    }
}
