/// Who the system is: its name, system id and the sales channel / country it was set up for.
public struct SystemIdentity: Sendable, Hashable, Codable {
    public var name: String
    public var systemID: String
    public var salesChannel: String
    public var country: String

    public init(name: String = "Callplane", systemID: String = "", salesChannel: String = "", country: String = "") {
        self.name = name
        self.systemID = systemID
        self.salesChannel = salesChannel
        self.country = country
    }
}
