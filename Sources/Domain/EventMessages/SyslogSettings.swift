/// Where a local signal destination sends its event messages: a syslog collector on the LAN
/// (manual §6.3.1.3, "Local signal destinations", Ethernet link).
public struct SyslogSettings: Sendable, Hashable, Codable {
    public var transport: SyslogTransport
    public var host: String
    public var port: Int
    /// RFC 5424 facility, 0…23; 16 (local0) unless configured.
    public var facility: Int
    /// PEM file of the CA that signed the collector's certificate (TLS only); the system's trust
    /// store when absent.
    public var caFile: String?

    public init(transport: SyslogTransport, host: String, port: Int, facility: Int = 16, caFile: String? = nil) {
        self.transport = transport
        self.host = host
        self.port = port
        self.facility = facility
        self.caFile = caFile
    }
}
