import X509

/// What ``SystemCertificateAuthority/issue(systemID:serverName:hosts:at:)`` made: the
/// system's own CA and the server certificate it signed, each with its private key.
public struct IssuedCertificates: Sendable {
    public let authority: Certificate
    public let authorityKey: CertificateKey
    public let server: Certificate
    public let serverKey: CertificateKey

    /// The chain a TLS server presents: the server certificate, then the CA that signed it, so
    /// a phone that imported the CA sees the whole path.
    public var chain: CertificateChain {
        do {
            return try CertificateChain([server, authority])
        } catch {
            // Both were signed here with times inside RFC 5280's range.
            preconditionFailure("a freshly issued chain was refused: \(error)")
        }
    }
}
