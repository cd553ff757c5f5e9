/// Where a local signal destination sends its event messages: a syslog collector on the LAN
/// (manual §6.3.1.3, "Local signal destinations", Ethernet link).
///
/// It holds no secret, so it is its own draft and its own API view.
public struct SyslogSettings: Sendable, Hashable {
    public var transport: SyslogTransport
    public var host: String
    public var port: Int
    /// RFC 5424 facility, 0…23; 16 (local0) unless configured.
    public var facility: Int
    /// PEM file of the CA that signed the collector's certificate (TLS only); the system's trust
    /// store when absent.
    public var caFile: String?

    public static let defaultFacility = 16

    public init(transport: SyslogTransport, host: String, port: Int, facility: Int = Self.defaultFacility, caFile: String? = nil) {
        self.transport = transport
        self.host = host
        self.port = port
        self.facility = facility
        self.caFile = caFile
    }
}

extension SyslogSettings: DestinationSettings {
    public static let name = "syslog"
    public static let kinds: Set<SignalDestinationKind> = [.local]
    public static let payload = PayloadFields<SyslogSettings>(
        blank: SyslogSettings(transport: .udp, host: "", port: 0),
        [
            .name("transport", \.transport), .string("host", \.host), .integer("port", \.port), .integer("facility", \.facility),
            .optionalString("caFile", \.caFile),
        ])

    public var view: SyslogSettings { self }
}

extension SyslogSettings: DestinationSettingsDraft {
    public func settle(keeping current: SyslogSettings?, sealing: any SecretSealing) throws(DomainError) -> SyslogSettings {
        try SystemState.checkHost(host, field: "syslog.host")
        guard CapacityLimit.port.range.contains(port) else { throw .outOfRange(.port, field: "syslog.port", value: port) }
        guard CapacityLimit.syslogFacility.range.contains(facility) else {
            throw .outOfRange(.syslogFacility, field: "syslog.facility", value: facility)
        }
        if let caFile { try SystemState.checkPath(caFile, field: "syslog.caFile") }
        return self
    }
}

extension SyslogSettings: Codable {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case transport, host, port, facility, caFile
    }

    public init(from decoder: any Decoder) throws {
        try decoder.refuseMembers(except: CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            transport: try container.decodeName(SyslogTransport.self, forKey: .transport), host: try container.decode(String.self, forKey: .host),
            port: try container.decode(Int.self, forKey: .port),
            facility: try container.decodeIfPresent(Int.self, forKey: .facility) ?? Self.defaultFacility,
            caFile: try container.decodeIfPresent(String.self, forKey: .caFile))
    }

    /// Every member, `caFile` as `null` when unset, as the API has always shown it.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(transport, forKey: .transport)
        try container.encode(host, forKey: .host)
        try container.encode(port, forKey: .port)
        try container.encode(facility, forKey: .facility)
        try container.encode(caFile, forKey: .caFile)
    }
}
