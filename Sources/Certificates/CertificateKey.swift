import X509

/// A private key in PEM, as an administrator uploads it or the system generates it: PKCS #8
/// (`PRIVATE KEY`), SEC 1 (`EC PRIVATE KEY`) or PKCS #1 (`RSA PRIVATE KEY`); P-256, P-384,
/// P-521, RSA of 2048 bits or more, or Ed25519.
///
/// It is only ever held in memory: the log keeps ``pem`` sealed.
public struct CertificateKey: Sendable {
    public let privateKey: Certificate.PrivateKey

    /// An RSA key of 8192 bits is about 6.3 kB of PEM.
    public static let maximumPEMLength = 16_384

    public init(_ privateKey: Certificate.PrivateKey) {
        self.privateKey = privateKey
    }

    public init(pem: String, field: String = "privateKey") throws(CertificateRefusal) {
        guard pem.utf8.count <= Self.maximumPEMLength else {
            throw .key("at most \(Self.maximumPEMLength) bytes of PEM (this is \(pem.utf8.count))", field: field)
        }
        guard !pem.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----"), !pem.contains("Proc-Type: 4,ENCRYPTED") else {
            throw .key("is encrypted; give it unencrypted (the log keeps it sealed under the system's key)", field: field)
        }
        do {
            privateKey = try Certificate.PrivateKey(pemEncoded: pem)
        } catch {
            throw .key("is not a PEM private key (PKCS #8, SEC 1 or PKCS #1; P-256, P-384, P-521, RSA ≥ 2048 bits or Ed25519): \(error)", field: field)
        }
    }

    /// The key as PEM, in the form its kind writes (PKCS #8 for the elliptic curves).
    public var pem: String {
        do {
            return try privateKey.serializeAsPEM().pemString + "\n"
        } catch {
            // Every kind `init(pem:)` reads can be written back; only Secure Enclave keys cannot.
            preconditionFailure("a parsed private key did not serialise: \(error)")
        }
    }
}
