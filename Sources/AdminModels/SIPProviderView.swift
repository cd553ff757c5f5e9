import Domain

/// A SIP provider as the API shows it (`GET /api/v1/trunks/providers/{provider}`, one row of the
/// list).
public struct SIPProviderView: Codable, Sendable, Hashable, JSONWritable {
    public var number: Int
    public var name: String
    public var host: String
    public var port: Int
    public var transport: String
    public var outboundProxy: String?
    public var registrationRequired: Bool
    public var registerIntervalSeconds: Int
    public var relayMedia: Bool
    public var caFile: String?
    /// The stream version: the `ETag`, and what `If-Match` must name.
    public var version: Int64

    public init(_ provider: SIPProvider, version: Int64) {
        number = provider.number
        name = provider.name
        host = provider.host
        port = provider.port
        transport = provider.transport.rawValue
        outboundProxy = provider.outboundProxy
        registrationRequired = provider.registrationRequired
        registerIntervalSeconds = provider.registerIntervalSeconds
        relayMedia = provider.relayMedia
        caFile = provider.caFile
        self.version = version
    }

    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.member("caFile", caFile)
        writer.member("host", host)
        writer.member("name", name)
        writer.member("number", number)
        writer.member("outboundProxy", outboundProxy)
        writer.member("port", port)
        writer.member("registerIntervalSeconds", registerIntervalSeconds)
        writer.member("registrationRequired", registrationRequired)
        writer.member("relayMedia", relayMedia)
        writer.member("transport", transport)
        writer.member("version", version)
        writer.endObject()
    }
}
