/// A certificate to install, as the system generated it or an administrator gives it, with its
/// keys in plaintext PEM; `decide` checks it and seals the keys into a ``TLSCertificate``.
public struct TLSCertificateDraft: Sendable, Hashable {
    public var origin: TLSCertificateOrigin
    /// PEM, the server's certificate first, then each certificate that signed the one before.
    public var certificateChain: String
    /// The server certificate's private key, PEM.
    public var privateKey: String
    /// The CA's key of a generated chain (its last certificate); never given for an upload.
    public var authorityKey: String?

    public init(origin: TLSCertificateOrigin, certificateChain: String, privateKey: String, authorityKey: String? = nil) {
        self.origin = origin
        self.certificateChain = certificateChain
        self.privateKey = privateKey
        self.authorityKey = authorityKey
    }
}
