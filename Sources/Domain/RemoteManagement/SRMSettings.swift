/// The connection to the SRM server (manual §5.2, "Accessing the communication server from
/// outside"; WebAdmin's "IP remote management (SRM)" view): the server the system connects out
/// to, and the secret that server issued for this system. The system always dials out, so an
/// installer reaches it with no router, firewall or VPN work on the customer's side.
///
/// Separate from the SRM signal destination (§6.3.1.3): that one only says whether event
/// messages and the status go up the connection; the connection itself also carries remote
/// maintenance, which the destination's switch does not govern.
public struct SRMSettings: Sendable, Hashable, Codable {
    /// Whether the agent keeps the connection up.
    public var enabled: Bool
    /// The SRM server's host name or address.
    public var host: String
    /// Its TLS port.
    public var port: Int
    /// The secret the SRM server issued for this system, sealed with the system's key.
    public var secret: SealedSecret
    /// The certificate (PEM) of the CA the SRM server's certificate must chain to; `nil` trusts
    /// the system's own trust store. An installer's SRM server usually runs its own CA.
    public var trustedCertificate: String?

    /// The port `callplane-srm` listens on unless told otherwise.
    public static let defaultPort = 4443

    public init(enabled: Bool, host: String, port: Int = Self.defaultPort, secret: SealedSecret, trustedCertificate: String? = nil) {
        self.enabled = enabled
        self.host = host
        self.port = port
        self.secret = secret
        self.trustedCertificate = trustedCertificate
    }
}
