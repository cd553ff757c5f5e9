/// One ended call of the history (`GET /api/v1/calls/history`): its start, answer and end joined,
/// as a call detail record.
public struct CallRecordView: Codable, Sendable, Hashable, JSONWritable {
    public var callID: String
    /// The start's members are `null` only for an end whose start the log does not hold.
    public var kind: String?
    public var caller: String?
    public var callerTerminal: Int?
    public var callerSource: String?
    public var dialled: String?
    public var callee: String?
    public var startedAt: String?
    public var answeredAt: String?
    public var answeringTerminal: Int?
    public var contact: String?
    public var endedAt: String
    public var cause: String
    /// `caller`, `callee` or `system`.
    public var endedBy: String
    public var durationMs: Int64
    public var terminals: [Int]
    /// The call's media (issue 16 point 6): whether it went through the relay, whether each leg
    /// was SRTP, and for a relayed call the RTP packets forwarded and lost on the way to it.
    public var relayed: Bool
    public var callerSRTP: Bool
    public var calleeSRTP: Bool
    public var relayedPackets: Int?
    public var lostPackets: Int?
    /// The log position of the call's end: the `before` that pages past it.
    public var position: Int64

    public init(
        callID: String, kind: String?, caller: String?, callerTerminal: Int?, callerSource: String?, dialled: String?, callee: String?,
        startedAt: String?, answeredAt: String?, answeringTerminal: Int?, contact: String?, endedAt: String, cause: String, endedBy: String,
        durationMs: Int64, terminals: [Int], position: Int64, relayed: Bool = false, callerSRTP: Bool = false, calleeSRTP: Bool = false,
        relayedPackets: Int? = nil, lostPackets: Int? = nil
    ) {
        self.relayed = relayed
        self.callerSRTP = callerSRTP
        self.calleeSRTP = calleeSRTP
        self.relayedPackets = relayedPackets
        self.lostPackets = lostPackets
        self.callID = callID
        self.kind = kind
        self.caller = caller
        self.callerTerminal = callerTerminal
        self.callerSource = callerSource
        self.dialled = dialled
        self.callee = callee
        self.startedAt = startedAt
        self.answeredAt = answeredAt
        self.answeringTerminal = answeringTerminal
        self.contact = contact
        self.endedAt = endedAt
        self.cause = cause
        self.endedBy = endedBy
        self.durationMs = durationMs
        self.terminals = terminals
        self.position = position
    }

    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.member("answeredAt", answeredAt)
        writer.member("answeringTerminal", answeringTerminal)
        writer.member("callID", callID)
        writer.member("callee", callee)
        writer.member("calleeSRTP", calleeSRTP)
        writer.member("caller", caller)
        writer.member("callerSRTP", callerSRTP)
        writer.member("callerSource", callerSource)
        writer.member("callerTerminal", callerTerminal)
        writer.member("cause", cause)
        writer.member("contact", contact)
        writer.member("dialled", dialled)
        writer.member("durationMs", durationMs)
        writer.member("endedAt", endedAt)
        writer.member("endedBy", endedBy)
        writer.member("kind", kind)
        writer.member("lostPackets", lostPackets)
        writer.member("position", position)
        writer.member("relayed", relayed)
        writer.member("relayedPackets", relayedPackets)
        writer.member("startedAt", startedAt)
        writer.member("terminals", terminals)
        writer.endObject()
    }
}
