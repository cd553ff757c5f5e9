/// What the B2BUA observed of one call: a telephony *fact* (issue 15, point 4), appended through
/// the fact appender like ``RegistrationFact``, never decided against ``SystemState``.
///
/// A call's facts form its own stream, `call/<callID>`: `call.started`, at most one
/// `call.answered`, then `call.ended` — together a call detail record. Their types are outside
/// ``DomainEvent``'s dispatch on purpose, so the configuration's fold skips them.
public enum CallFact: Sendable, Hashable {
    case started(CallStart)
    case answered(CallAnswer)
    case ended(CallEnd)

    public static let typePrefix = "call."
    public static let streamPrefix = "call/"
    public static let startedType = "call.started"
    public static let answeredType = "call.answered"
    public static let endedType = "call.ended"

    public var type: String {
        switch self {
        case .started: Self.startedType
        case .answered: Self.answeredType
        case .ended: Self.endedType
        }
    }

    public var callID: String {
        switch self {
        case .started(let start): start.callID
        case .answered(let answer): answer.callID
        case .ended(let end): end.callID
        }
    }

    /// One stream per call.
    public var stream: String { Self.stream(of: callID) }

    public static func stream(of callID: String) -> String { streamPrefix + callID }

    /// The canonical payload (keys in byte order, as the log hashes it).
    public var payload: String {
        var json = CanonicalJSON()
        switch self {
        case .started(let start):
            json.field("at", start.at)
            json.field("callID", start.callID)
            json.field("callee", start.callee)
            json.field("caller", start.caller)
            json.field("callerSource", start.callerSource)
            if let terminal = start.callerTerminal { json.field("callerTerminal", terminal) }
            json.field("dialled", start.dialled)
            json.field("kind", start.kind.rawValue)
        case .answered(let answer):
            json.field("at", answer.at)
            json.field("callID", answer.callID)
            if answer.calleeSRTP { json.field("calleeSRTP", true) }
            if answer.callerSRTP { json.field("callerSRTP", true) }
            json.field("contact", answer.contact)
            if answer.relayed { json.field("relayed", true) }
            if let terminal = answer.terminal { json.field("terminal", terminal) }
        case .ended(let end):
            json.field("at", end.at)
            json.field("callID", end.callID)
            json.field("cause", end.cause.rawValue)
            json.field("durationMs", end.durationMs)
            json.field("endedBy", end.endedBy.rawValue)
            if let lost = end.lostPackets { json.field("lostPackets", lost) }
            if let packets = end.relayedPackets { json.field("relayedPackets", packets) }
            json.field("terminals", end.terminals)
        }
        return json.finish()
    }
}
