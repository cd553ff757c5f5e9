/// The system's TLS server certificate as the log and the state keep it: the chain in PEM,
/// the private keys sealed like every other secret (``SealedSecret``), and the facts the
/// server, the monitor and the API read without parsing the chain again.
///
/// The event carries the whole record (architecture: "records carry the whole new value"), so
/// installing one is a plain assignment in `apply`.
public struct TLSCertificate: Sendable, Hashable, Codable {
    public var origin: TLSCertificateOrigin
    /// PEM blocks, the server's certificate first, each certified by the next (RFC 8446 §4.4.2).
    public var chain: String
    /// The server certificate's private key (PEM), sealed.
    public var privateKey: SealedSecret
    /// The key of the system's own CA (PEM), sealed: kept for a generated certificate so the
    /// next server certificate can be signed by the CA the phones already trust; `nil` for an
    /// uploaded one.
    public var authorityKey: SealedSecret?
    /// The server certificate's common name (or its subject when it has none).
    public var name: String
    /// SHA-256 of the server certificate's DER bytes, colon-separated upper-case hex.
    public var fingerprint: String
    /// The span in which every certificate of the chain is valid, microseconds since the epoch
    /// (`notAfter` exclusive, as the expiry monitor counts it).
    public var notBefore: Int64
    public var notAfter: Int64

    public init(
        origin: TLSCertificateOrigin, chain: String, privateKey: SealedSecret, authorityKey: SealedSecret? = nil, name: String,
        fingerprint: String, notBefore: Int64, notAfter: Int64
    ) {
        self.origin = origin
        self.chain = chain
        self.privateKey = privateKey
        self.authorityKey = authorityKey
        self.name = name
        self.fingerprint = fingerprint
        self.notBefore = notBefore
        self.notAfter = notAfter
    }

    /// The parameters of "TLS certificate expires soon" about this certificate (Tab. 24: type
    /// of endpoint, then the node ID for 0 or the first eleven characters of the certificate's
    /// name for 1). A generated certificate is the system's own node's, type 0 with node 1; an
    /// uploaded one comes from a third party's CA, type 1 with its name.
    public var expiryParameters: [String: String] {
        switch origin {
        case .generated: ["endpointType": "0", "nodeOrCertificate": "1"]
        case .uploaded: ["endpointType": "1", "nodeOrCertificate": String(name.prefix(11))]
        }
    }
}
