import Foundation

/// What the agent in a Callplane server sends the SRM server: one JSON object per WebSocket text
/// frame, its kind in `"type"` (docs/srm.md, "Wire"). The first frame is always the hello; the
/// server answers it before the agent sends anything else.
public enum SRMAgentFrame: Sendable, Hashable {
    case hello(SRMHello)
    /// An event message for the SRM destination, with the status it leaves the system in. The
    /// server acknowledges `sequence` (the message's position in the system's log, so a message
    /// sent again after a reconnection is recognised) once it has taken it.
    case eventMessage(sequence: Int64, message: SRMEventMessage, report: SRMStatusReport)
    /// The status changed without an event message for the SRM server (a confirmation, the
    /// destination switched on or off), or the connection was just welcomed.
    case status(SRMStatusReport)
    /// The system accepted the maintenance session: remote maintenance is enabled (§5.4).
    case sessionAccepted(session: String)
    /// The system refused it — remote maintenance is barred — or ended it (barred meanwhile, the
    /// agent reconnecting); `reason` is a sentence for the technician.
    case sessionEnded(session: String, reason: String)
    /// The admin API's answer to a relayed request.
    case httpResponse(SRMRelayedResponse)
}

extension SRMAgentFrame: Codable {
    enum CodingKeys: String, CodingKey {
        case type, hello, sequence, message, report, session, reason, response
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        switch try container.decode(String.self, forKey: .type) {
        case "hello": self = .hello(try container.decode(SRMHello.self, forKey: .hello))
        case "event_message":
            self = .eventMessage(
                sequence: try container.decode(Int64.self, forKey: .sequence), message: try container.decode(SRMEventMessage.self, forKey: .message),
                report: try container.decode(SRMStatusReport.self, forKey: .report))
        case "status": self = .status(try container.decode(SRMStatusReport.self, forKey: .report))
        case "session_accepted": self = .sessionAccepted(session: try container.decode(String.self, forKey: .session))
        case "session_ended":
            self = .sessionEnded(session: try container.decode(String.self, forKey: .session), reason: try container.decode(String.self, forKey: .reason))
        case "http_response": self = .httpResponse(try container.decode(SRMRelayedResponse.self, forKey: .response))
        case let other:
            throw DecodingError.dataCorruptedError(forKey: .type, in: container, debugDescription: "unknown agent frame type \(other)")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .hello(let hello):
            try container.encode("hello", forKey: .type)
            try container.encode(hello, forKey: .hello)
        case .eventMessage(let sequence, let message, let report):
            try container.encode("event_message", forKey: .type)
            try container.encode(sequence, forKey: .sequence)
            try container.encode(message, forKey: .message)
            try container.encode(report, forKey: .report)
        case .status(let report):
            try container.encode("status", forKey: .type)
            try container.encode(report, forKey: .report)
        case .sessionAccepted(let session):
            try container.encode("session_accepted", forKey: .type)
            try container.encode(session, forKey: .session)
        case .sessionEnded(let session, let reason):
            try container.encode("session_ended", forKey: .type)
            try container.encode(session, forKey: .session)
            try container.encode(reason, forKey: .reason)
        case .httpResponse(let response):
            try container.encode("http_response", forKey: .type)
            try container.encode(response, forKey: .response)
        }
    }
}
