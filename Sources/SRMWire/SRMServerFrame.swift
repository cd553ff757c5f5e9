import Foundation

/// What the SRM server sends an agent: one JSON object per WebSocket text frame, its kind in
/// `"type"` (docs/srm.md, "Wire").
public enum SRMServerFrame: Sendable, Hashable {
    /// The hello was accepted; the agent may send.
    case welcome(serverName: String)
    /// The hello was refused; the server closes the connection after this frame.
    case refused(SRMRefusal)
    /// The event message with this sequence is kept (and the status with it).
    case acknowledged(sequence: Int64)
    /// The event message with this sequence was not taken — the server does not allow this
    /// system to change its status (manual §6.3.1.3: "the status modification per communication
    /// server must be allowed"). The agent raises the failed message with cause 3.
    case rejected(sequence: Int64, reason: String)
    /// A technician asks for a remote maintenance session on this system (§5.4). The agent
    /// answers `session_accepted` or `session_ended`.
    case sessionRequest(SRMMaintenanceSession)
    /// A request of an accepted session for the system's admin API; answered by `http_response`.
    case httpRequest(SRMRelayedRequest)
    /// The technician or the SRM server ended the session.
    case sessionEnd(session: String)
}

extension SRMServerFrame: Codable {
    enum CodingKeys: String, CodingKey {
        case type, serverName, refusal, sequence, reason, session, request
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        switch try container.decode(String.self, forKey: .type) {
        case "welcome": self = .welcome(serverName: try container.decode(String.self, forKey: .serverName))
        case "refused": self = .refused(try container.decode(SRMRefusal.self, forKey: .refusal))
        case "acknowledged": self = .acknowledged(sequence: try container.decode(Int64.self, forKey: .sequence))
        case "rejected":
            self = .rejected(sequence: try container.decode(Int64.self, forKey: .sequence), reason: try container.decode(String.self, forKey: .reason))
        case "session_request": self = .sessionRequest(try container.decode(SRMMaintenanceSession.self, forKey: .session))
        case "http_request": self = .httpRequest(try container.decode(SRMRelayedRequest.self, forKey: .request))
        case "session_end": self = .sessionEnd(session: try container.decode(String.self, forKey: .session))
        case let other:
            throw DecodingError.dataCorruptedError(forKey: .type, in: container, debugDescription: "unknown server frame type \(other)")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .welcome(let serverName):
            try container.encode("welcome", forKey: .type)
            try container.encode(serverName, forKey: .serverName)
        case .refused(let refusal):
            try container.encode("refused", forKey: .type)
            try container.encode(refusal, forKey: .refusal)
        case .acknowledged(let sequence):
            try container.encode("acknowledged", forKey: .type)
            try container.encode(sequence, forKey: .sequence)
        case .rejected(let sequence, let reason):
            try container.encode("rejected", forKey: .type)
            try container.encode(sequence, forKey: .sequence)
            try container.encode(reason, forKey: .reason)
        case .sessionRequest(let session):
            try container.encode("session_request", forKey: .type)
            try container.encode(session, forKey: .session)
        case .httpRequest(let request):
            try container.encode("http_request", forKey: .type)
            try container.encode(request, forKey: .request)
        case .sessionEnd(let session):
            try container.encode("session_end", forKey: .type)
            try container.encode(session, forKey: .session)
        }
    }
}
