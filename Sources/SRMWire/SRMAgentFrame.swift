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
}

extension SRMAgentFrame: Codable {
    enum CodingKeys: String, CodingKey {
        case type, hello, sequence, message, report
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
        }
    }
}
