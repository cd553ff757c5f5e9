import Domain

/// `PUT /api/v1/tls/certificate`: an administrator's own certificate chain and its private key,
/// both PEM. Both members are required, as a PUT replaces the whole.
public struct TLSCertificateUpload: Codable, Sendable, Hashable {
    /// The server's certificate first, then each certificate that signed the one before.
    public var certificateChain: String
    /// The server certificate's private key, unencrypted (the log keeps it sealed).
    public var privateKey: String

    public init(certificateChain: String, privateKey: String) {
        self.certificateChain = certificateChain
        self.privateKey = privateKey
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case certificateChain, privateKey }

    public init(from decoder: any Decoder) throws {
        try decoder.refuseMembers(except: CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            certificateChain: try container.decode(String.self, forKey: .certificateChain), privateKey: try container.decode(String.self, forKey: .privateKey))
    }

    /// What `decide` checks and installs.
    public var draft: TLSCertificateDraft {
        TLSCertificateDraft(origin: .uploaded, certificateChain: certificateChain, privateKey: privateKey)
    }
}
