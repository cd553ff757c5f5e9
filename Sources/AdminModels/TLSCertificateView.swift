/// The system's TLS certificate as the API shows it (`GET /api/v1/tls/certificate`): what a
/// phone or an administrator checks, and the CA certificate a phone imports. Never a private
/// key.
public struct TLSCertificateView: Codable, Sendable, Hashable, JSONWritable {
    /// `generated` (by the system at its first start) or `uploaded`.
    public var origin: String
    /// The server certificate's subject and issuer, RFC 4514 form.
    public var subject: String
    public var issuer: String
    /// `DNS:<name>` and `IP:<address>` entries of the server certificate.
    public var subjectAlternativeNames: [String]
    /// The span in which the whole chain is valid, RFC 3339.
    public var notBefore: String
    public var notAfter: String
    /// SHA-256 of the server certificate, colon-separated upper-case hex.
    public var fingerprint: String
    /// `valid`, `expires_soon` (the last 30 days) or `expired`, at the server's clock.
    public var expiry: String
    /// The chain in PEM, the server's certificate first.
    public var certificateChain: String
    /// The PEM of the chain's last certificate (the system's own CA for a generated one), for
    /// phones to import; absent when the chain is the server's certificate alone.
    public var authorityCertificate: String?
    public var version: Int64

    public init(
        origin: String, subject: String, issuer: String, subjectAlternativeNames: [String], notBefore: String, notAfter: String,
        fingerprint: String, expiry: String, certificateChain: String, authorityCertificate: String?, version: Int64
    ) {
        self.origin = origin
        self.subject = subject
        self.issuer = issuer
        self.subjectAlternativeNames = subjectAlternativeNames
        self.notBefore = notBefore
        self.notAfter = notAfter
        self.fingerprint = fingerprint
        self.expiry = expiry
        self.certificateChain = certificateChain
        self.authorityCertificate = authorityCertificate
        self.version = version
    }

    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.member("authorityCertificate", authorityCertificate)
        writer.member("certificateChain", certificateChain)
        writer.member("expiry", expiry)
        writer.member("fingerprint", fingerprint)
        writer.member("issuer", issuer)
        writer.member("notAfter", notAfter)
        writer.member("notBefore", notBefore)
        writer.member("origin", origin)
        writer.member("subject", subject)
        writer.member("subjectAlternativeNames", subjectAlternativeNames)
        writer.member("version", version)
        writer.endObject()
    }
}
