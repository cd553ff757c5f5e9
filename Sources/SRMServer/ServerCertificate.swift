/// What the SRM server presents at the TLS handshake, and the CA a Callplane server's SRM
/// settings trust: the CA the data directory keeps, or nil when `--certificate` came from
/// elsewhere.
public struct ServerCertificate: Sendable, Hashable {
    /// The server certificate first, then the CA that signed it.
    public var chainPEM: String
    public var keyPEM: String
    public var authorityPEM: String?

    public init(chainPEM: String, keyPEM: String, authorityPEM: String?) {
        self.chainPEM = chainPEM
        self.keyPEM = keyPEM
        self.authorityPEM = authorityPEM
    }
}
