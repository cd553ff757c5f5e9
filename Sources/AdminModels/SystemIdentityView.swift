/// The system's identity as the API shows it (`GET /api/v1/system/identity`, and inside the
/// state summary).
public struct SystemIdentityView: Codable, Sendable, Hashable, JSONWritable {
    public var name: String
    public var systemId: String
    public var salesChannel: String
    public var country: String
    public var version: Int64

    public init(name: String, systemId: String, salesChannel: String, country: String, version: Int64) {
        self.name = name
        self.systemId = systemId
        self.salesChannel = salesChannel
        self.country = country
        self.version = version
    }

    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("country")
        writer.string(country)
        writer.key("name")
        writer.string(name)
        writer.key("salesChannel")
        writer.string(salesChannel)
        writer.key("systemId")
        writer.string(systemId)
        writer.key("version")
        writer.integer(version)
        writer.endObject()
    }
}
