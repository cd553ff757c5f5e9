import Domain

/// `PUT /api/v1/email/smtp`: the SMTP server as a whole. Absent members take their defaults:
/// STARTTLS, the security's port (25, 587, 465), no authentication, the system's trust roots;
/// an absent password keeps the stored one.
public struct SMTPServerChange: Codable, Sendable, Hashable {
    public var host: String
    public var port: Int?
    public var security: SMTPSecurity?
    public var authentication: SMTPAuthentication?
    public var user: String?
    public var password: String?
    public var sender: String
    public var caFile: String?

    public init(
        host: String, port: Int? = nil, security: SMTPSecurity? = nil, authentication: SMTPAuthentication? = nil, user: String? = nil,
        password: String? = nil, sender: String, caFile: String? = nil
    ) {
        self.host = host
        self.port = port
        self.security = security
        self.authentication = authentication
        self.user = user
        self.password = password
        self.sender = sender
        self.caFile = caFile
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case host, port, security, authentication, user, password, sender, caFile }

    public init(from decoder: any Decoder) throws {
        try decoder.refuseMembers(except: CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            host: try container.decode(String.self, forKey: .host), port: try container.decodeIfPresent(Int.self, forKey: .port),
            security: try container.decodeIfPresent(SMTPSecurity.self, forKey: .security),
            authentication: try container.decodeIfPresent(SMTPAuthentication.self, forKey: .authentication),
            user: try container.decodeIfPresent(String.self, forKey: .user), password: try container.decodeIfPresent(String.self, forKey: .password),
            sender: try container.decode(String.self, forKey: .sender), caFile: try container.decodeIfPresent(String.self, forKey: .caFile))
    }

    public var draft: SMTPServerDraft {
        SMTPServerDraft(
            host: host, port: port, security: security ?? .starttls, authentication: authentication ?? .none, user: user, password: password,
            sender: sender, caFile: caFile)
    }
}
