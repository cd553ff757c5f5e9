import Domain

/// `PUT /api/v1/trunks/providers/{provider}`: the whole provider; the number is the path's.
/// Absent members take their defaults: the transport's port, UDP, no outbound proxy,
/// registration required, an interval of an hour, media direct (not relayed), the system's
/// trust roots for a TLS provider.
public struct SIPProviderDefinition: Codable, Sendable, Hashable {
    public var name: String
    public var host: String
    public var port: Int?
    public var transport: TrunkTransport?
    public var outboundProxy: String?
    public var registrationRequired: Bool?
    public var registerIntervalSeconds: Int?
    public var relayMedia: Bool?
    public var caFile: String?

    public init(
        name: String, host: String, port: Int? = nil, transport: TrunkTransport? = nil, outboundProxy: String? = nil, registrationRequired: Bool? = nil,
        registerIntervalSeconds: Int? = nil, relayMedia: Bool? = nil, caFile: String? = nil
    ) {
        self.relayMedia = relayMedia
        self.caFile = caFile
        self.name = name
        self.host = host
        self.port = port
        self.transport = transport
        self.outboundProxy = outboundProxy
        self.registrationRequired = registrationRequired
        self.registerIntervalSeconds = registerIntervalSeconds
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, host, port, transport, outboundProxy, registrationRequired, registerIntervalSeconds, relayMedia, caFile
    }

    public init(from decoder: any Decoder) throws {
        try decoder.refuseMembers(except: CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            name: try container.decode(String.self, forKey: .name), host: try container.decode(String.self, forKey: .host),
            port: try container.decodeIfPresent(Int.self, forKey: .port), transport: try container.decodeIfPresent(TrunkTransport.self, forKey: .transport),
            outboundProxy: try container.decodeIfPresent(String.self, forKey: .outboundProxy),
            registrationRequired: try container.decodeIfPresent(Bool.self, forKey: .registrationRequired),
            registerIntervalSeconds: try container.decodeIfPresent(Int.self, forKey: .registerIntervalSeconds),
            relayMedia: try container.decodeIfPresent(Bool.self, forKey: .relayMedia), caFile: try container.decodeIfPresent(String.self, forKey: .caFile))
    }

    public func provider(number: Int) -> SIPProvider {
        SIPProvider(
            number: number, name: name, host: host, port: port, transport: transport ?? .udp, outboundProxy: outboundProxy,
            registrationRequired: registrationRequired ?? true, registerIntervalSeconds: registerIntervalSeconds ?? SIPProvider.defaultRegisterIntervalSeconds,
            relayMedia: relayMedia ?? false, caFile: caFile)
    }
}
