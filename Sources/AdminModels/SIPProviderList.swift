/// `GET /api/v1/trunks/providers`: the configured SIP providers, by number.
public struct SIPProviderList: Codable, Sendable, Hashable, JSONWritable {
    public var providers: [SIPProviderView]

    public init(providers: [SIPProviderView]) {
        self.providers = providers
    }

    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.member("providers", providers)
        writer.endObject()
    }
}
