import Domain

/// What the agent needs to connect: the SRM settings with the secret opened, and the system's
/// own identity for the hello. Two equal configurations mean "keep the connection"; any change
/// (another server, a new secret, the system renamed) closes it and connects anew.
public struct SRMAgentConfiguration: Sendable, Hashable {
    public var host: String
    public var port: Int
    public var secret: String
    /// PEM of the CA the SRM server's certificate must chain to; `nil` for the system trust store.
    public var trustedCertificate: String?
    public var systemID: String
    public var systemName: String
    public var softwareVersion: String

    public init(
        host: String, port: Int, secret: String, trustedCertificate: String?, systemID: String, systemName: String, softwareVersion: String
    ) {
        self.host = host
        self.port = port
        self.secret = secret
        self.trustedCertificate = trustedCertificate
        self.systemID = systemID
        self.systemName = systemName
        self.softwareVersion = softwareVersion
    }

    /// The agents' endpoint of `callplane-srm` (docs/srm.md).
    public var url: String {
        let host = self.host.contains(":") && !self.host.hasPrefix("[") ? "[\(self.host)]" : self.host
        return "wss://\(host):\(port)/agent"
    }
}
