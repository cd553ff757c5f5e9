/// The SRM connection as the administrator gives it: the secret in plaintext, or absent to keep
/// the stored one.
public struct SRMSettingsDraft: Sendable, Hashable {
    public var enabled: Bool
    public var host: String
    public var port: Int?
    public var secret: String?
    public var trustedCertificate: String?

    public init(enabled: Bool, host: String, port: Int? = nil, secret: String? = nil, trustedCertificate: String? = nil) {
        self.enabled = enabled
        self.host = host
        self.port = port
        self.secret = secret
        self.trustedCertificate = trustedCertificate
    }
}
