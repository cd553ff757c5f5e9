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

    public init(
        number: Int, name: String, host: String, port: Int? = nil, transport: TrunkTransport = .udp, outboundProxy: String? = nil,
        registrationRequired: Bool = true, registerIntervalSeconds: Int = SIPProvider.defaultRegisterIntervalSeconds
    ) {
        self.number = number
        self.name = name
        self.host = host
        self.port = port ?? transport.defaultPort
        self.transport = transport
        self.outboundProxy = outboundProxy
        self.registrationRequired = registrationRequired
        self.registerIntervalSeconds = registerIntervalSeconds
    }

    /// An hour: what most providers grant.
    public static let defaultRegisterIntervalSeconds = 3600
}
