/// The agent's first frame: who the system is and the secret the SRM server issued for it
/// (`callplane-srm system add`). The secret travels only inside TLS, and the SRM server keeps
/// only its hash.
public struct SRMHello: Sendable, Hashable, Codable {
    /// The version of these frames the agent speaks; the server refuses one it does not.
    public var protocolVersion: Int
    public var systemID: String
    public var secret: String
    /// The system's name (its identity), shown on the SRM server's page.
    public var systemName: String
    public var softwareVersion: String

    public static let currentProtocolVersion = 1

    public init(systemID: String, secret: String, systemName: String, softwareVersion: String, protocolVersion: Int = Self.currentProtocolVersion) {
        self.protocolVersion = protocolVersion
        self.systemID = systemID
        self.secret = secret
        self.systemName = systemName
        self.softwareVersion = softwareVersion
    }
}
