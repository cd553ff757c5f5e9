/// A SIP provider a trunk registers with and sends its calls to (manual §5.5, the setup
/// wizard's "SIP providers" step; Tab. 13: at most 10). Its accounts (``SIPAccount``) carry the
/// credentials and the DDI numbers.
public struct SIPProvider: Sendable, Hashable, Codable {
    /// 1 to 10 (``CapacityLimit/sipProviders``).
    public var number: Int
    public var name: String
    /// The registrar and proxy: a host name or an IP address.
    public var host: String
    public var port: Int
    public var transport: TrunkTransport
    /// Where requests go instead of `host` (RFC 3261 §8.1.2): `host` or `host:port`.
    public var outboundProxy: String?
    /// Whether the accounts must register (manual Tab. 24: "SIP account not available" is raised
    /// only then). A provider that authenticates by source address needs no registration.
    public var registrationRequired: Bool
    /// The Expires the accounts ask for; they register again before it runs out.
    public var registerIntervalSeconds: Int
    /// "Relay RTP data via communication server (indirect switching)", the deployment guide's
    /// setting of a trunk interface: off by default, so the provider's media goes straight to
    /// the phones; on for a provider that must see one media address (NAT, a firewall that
    /// opens only the server's ports).
    public var relayMedia: Bool
    /// For TLS: a PEM file on the server with the roots the provider's certificate must chain to,
    /// instead of the system's (a provider with a private CA). Like the syslog and webhook
    /// destinations' `caFile`; `nil` trusts the system's roots.
    public var caFile: String?

    public init(
        number: Int, name: String, host: String, port: Int? = nil, transport: TrunkTransport = .udp, outboundProxy: String? = nil,
        registrationRequired: Bool = true, registerIntervalSeconds: Int = SIPProvider.defaultRegisterIntervalSeconds, relayMedia: Bool = false,
        caFile: String? = nil
    ) {
        self.relayMedia = relayMedia
        self.caFile = caFile
        self.number = number
        self.name = name
        self.host = host
        self.port = port ?? transport.defaultPort
        self.transport = transport
        self.outboundProxy = outboundProxy
        self.registrationRequired = registrationRequired
        self.registerIntervalSeconds = registerIntervalSeconds
    }

    enum CodingKeys: String, CodingKey {
        case number, name, host, port, transport, outboundProxy, registrationRequired, registerIntervalSeconds, relayMedia, caFile
    }

    /// `relayMedia` is read as off when absent and written only when on, `caFile` only when set: a
    /// state with providers set before they existed keeps its snapshot and its hash.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        number = try container.decode(Int.self, forKey: .number)
        name = try container.decode(String.self, forKey: .name)
        host = try container.decode(String.self, forKey: .host)
        port = try container.decode(Int.self, forKey: .port)
        transport = try container.decode(TrunkTransport.self, forKey: .transport)
        outboundProxy = try container.decodeIfPresent(String.self, forKey: .outboundProxy)
        registrationRequired = try container.decode(Bool.self, forKey: .registrationRequired)
        registerIntervalSeconds = try container.decode(Int.self, forKey: .registerIntervalSeconds)
        relayMedia = try container.decodeIfPresent(Bool.self, forKey: .relayMedia) ?? false
        caFile = try container.decodeIfPresent(String.self, forKey: .caFile)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(number, forKey: .number)
        try container.encode(name, forKey: .name)
        try container.encode(host, forKey: .host)
        try container.encode(port, forKey: .port)
        try container.encode(transport, forKey: .transport)
        try container.encodeIfPresent(outboundProxy, forKey: .outboundProxy)
        try container.encode(registrationRequired, forKey: .registrationRequired)
        try container.encode(registerIntervalSeconds, forKey: .registerIntervalSeconds)
        if relayMedia { try container.encode(true, forKey: .relayMedia) }
        try container.encodeIfPresent(caFile, forKey: .caFile)
    }

    /// An hour: what most providers grant.
    public static let defaultRegisterIntervalSeconds = 3600
}
