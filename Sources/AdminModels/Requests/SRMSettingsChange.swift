import Domain

/// `PUT /api/v1/srm`: the connection to the SRM server as a whole. `host` is required; an absent
/// port is 4443, an absent secret keeps the stored one, an absent `trustedCertificate` trusts
/// the system's trust store.
public struct SRMSettingsChange: Codable, Sendable, Hashable {
    public var enabled: Bool?
    public var host: String
    public var port: Int?
    public var secret: String?
    public var trustedCertificate: String?

    enum CodingKeys: String, CodingKey, CaseIterable { case enabled, host, port, secret, trustedCertificate }

    public init(enabled: Bool? = nil, host: String, port: Int? = nil, secret: String? = nil, trustedCertificate: String? = nil) {
        self.enabled = enabled
        self.host = host
        self.port = port
        self.secret = secret
        self.trustedCertificate = trustedCertificate
    }

    public init(from decoder: any Decoder) throws {
        try decoder.refuseMembers(except: CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        enabled = try container.decodeIfPresent(Bool.self, forKey: .enabled)
        host = try container.decode(String.self, forKey: .host)
        port = try container.decodeIfPresent(Int.self, forKey: .port)
        secret = try container.decodeIfPresent(String.self, forKey: .secret)
        trustedCertificate = try container.decodeIfPresent(String.self, forKey: .trustedCertificate)
    }

    /// Switched on unless told otherwise: setting a server is asking to connect to it.
    public var draft: SRMSettingsDraft {
        SRMSettingsDraft(enabled: enabled ?? true, host: host, port: port, secret: secret, trustedCertificate: trustedCertificate)
    }
}
