import AccessControl
import Foundation

/// How `callplane-srm serve` runs (docs/srm.md): where its files are, where it listens, and the
/// names it gives itself.
public struct SRMServerConfiguration: Sendable {
    public var directory: SRMDataDirectory
    /// Agents, page and API share one TLS port.
    public var address: String
    /// 0 lets the system choose; the `listening on` line tells which.
    public var port: Int
    /// The name the welcome carries and the common name of a generated certificate.
    public var serverName: String
    /// Names and addresses agents reach the server at, besides 127.0.0.1 and localhost, for a
    /// generated certificate.
    public var hostNames: [String]
    /// PEM files that replace the generated certificate: the chain (server certificate first)
    /// and its key.
    public var certificateFile: String?
    public var keyFile: String?
    /// How long an agent has for its hello after the WebSocket opened (docs/srm.md, "Wire").
    public var helloTimeout: Duration
    public var hasher: PasswordHasher
    /// The time limits of remote maintenance sessions (manual §5.4; docs/srm.md, "Maintenance
    /// sessions and the relay"); shorter ones only in tests.
    public var maintenanceTimeouts: MaintenanceTimeouts

    public init(
        directory: SRMDataDirectory, address: String = "127.0.0.1", port: Int = 4443, serverName: String = ProcessInfo.processInfo.hostName,
        hostNames: [String] = [], certificateFile: String? = nil, keyFile: String? = nil, helloTimeout: Duration = .seconds(10),
        hasher: PasswordHasher = PasswordHasher(), maintenanceTimeouts: MaintenanceTimeouts = MaintenanceTimeouts()
    ) {
        self.directory = directory
        self.address = address
        self.port = port
        self.serverName = serverName
        self.hostNames = hostNames
        self.certificateFile = certificateFile
        self.keyFile = keyFile
        self.helloTimeout = helloTimeout
        self.hasher = hasher
        self.maintenanceTimeouts = maintenanceTimeouts
    }
}
