/// A call as the B2BUA saw it arrive and routed it: the payload of `call.started`.
public struct CallStart: Sendable, Hashable, Codable {
    /// A UUID string the B2BUA makes; the call's stream is `call/<callID>`.
    public var callID: String
    /// The calling user's number, absent when the caller's terminal belongs to no user.
    public var caller: String?
    /// The calling terminal's id, when the call core knows it.
    public var callerTerminal: Int?
    /// Where the INVITE came from, `address:port`.
    public var callerSource: String
    /// The string as dialled (the Request-URI's user part).
    public var dialled: String
    /// The user number the dialled string resolved to, absent when it resolved to none.
    public var callee: String?
    public var kind: CallKind
    /// When the call started (microseconds since the epoch, the injected clock).
    public var at: Int64

    public init(
        callID: String, caller: String?, callerTerminal: Int?, callerSource: String, dialled: String, callee: String?, kind: CallKind, at: Int64
    ) {
        self.callID = callID
        self.caller = caller
        self.callerTerminal = callerTerminal
        self.callerSource = callerSource
        self.dialled = dialled
        self.callee = callee
        self.kind = kind
        self.at = at
    }
}
