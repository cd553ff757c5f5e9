/// One call in progress as the API shows it (`GET /api/v1/calls`): who called whom from where,
/// whether it is ringing or answered, and for how long.
public struct ActiveCallView: Codable, Sendable, Hashable, JSONWritable {
    public var callID: String
    /// `internal`, `emergency` or `functionCode`.
    public var kind: String
    public var caller: String?
    public var callerTerminal: Int?
    public var callerSource: String
    public var dialled: String
    public var callee: String?
    /// `ringing` until answered, then `answered`.
    public var state: String
    public var startedAt: String
    public var answeredAt: String?
    public var answeringTerminal: Int?
    public var contact: String?
    /// Whole seconds since the answer on the server's clock, 0 while ringing.
    public var durationSeconds: Int64

    public init(
        callID: String, kind: String, caller: String?, callerTerminal: Int?, callerSource: String, dialled: String, callee: String?, state: String,
        startedAt: String, answeredAt: String?, answeringTerminal: Int?, contact: String?, durationSeconds: Int64
    ) {
        self.callID = callID
        self.kind = kind
        self.caller = caller
        self.callerTerminal = callerTerminal
        self.callerSource = callerSource
        self.dialled = dialled
        self.callee = callee
        self.state = state
        self.startedAt = startedAt
        self.answeredAt = answeredAt
        self.answeringTerminal = answeringTerminal
        self.contact = contact
        self.durationSeconds = durationSeconds
    }

    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.member("answeredAt", answeredAt)
        writer.member("answeringTerminal", answeringTerminal)
        writer.member("callID", callID)
        writer.member("callee", callee)
        writer.member("caller", caller)
        writer.member("callerSource", callerSource)
        writer.member("callerTerminal", callerTerminal)
        writer.member("contact", contact)
        writer.member("dialled", dialled)
        writer.member("durationSeconds", durationSeconds)
        writer.member("kind", kind)
        writer.member("startedAt", startedAt)
        writer.member("state", state)
        writer.endObject()
    }
}
