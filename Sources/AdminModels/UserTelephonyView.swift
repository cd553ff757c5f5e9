import Domain

/// `GET /api/v1/users/{number}/telephony`: the user's telephony settings.
public struct UserTelephonyView: Codable, Sendable, Hashable, JSONWritable {
    public var number: String
    /// May use the remote maintenance function codes *754/#754, *753/#753 (manual §5.4.1).
    public var remoteMaintenanceAccess: Bool
    /// A second call while the user is in a call is answered 486.
    public var busyOnBusy: Bool
    /// The user every call to this one is forwarded to (CFU), or `nil`.
    public var callForwardingUnconditional: String?
    /// The user's stream version (shared with the user's other data): the `ETag`, and what
    /// `If-Match` must name.
    public var version: Int64

    public init(_ settings: UserTelephony, version: Int64) {
        number = settings.number
        remoteMaintenanceAccess = settings.remoteMaintenanceAccess
        busyOnBusy = settings.busyOnBusy
        callForwardingUnconditional = settings.callForwardingUnconditional
        self.version = version
    }

    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.member("busyOnBusy", busyOnBusy)
        writer.member("callForwardingUnconditional", callForwardingUnconditional)
        writer.member("number", number)
        writer.member("remoteMaintenanceAccess", remoteMaintenanceAccess)
        writer.member("version", version)
        writer.endObject()
    }
}
