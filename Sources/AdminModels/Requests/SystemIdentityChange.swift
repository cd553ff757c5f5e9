import Domain

/// `PUT /api/v1/system/identity`: `name` is required; absent other members take the
/// identity's defaults (empty).
public struct SystemIdentityChange: Codable, Sendable, Hashable {
    public var name: String
    public var systemId: String?
    public var salesChannel: String?
    public var country: String?

    public init(name: String, systemId: String? = nil, salesChannel: String? = nil, country: String? = nil) {
        self.name = name
        self.systemId = systemId
        self.salesChannel = salesChannel
        self.country = country
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case name, systemId, salesChannel, country }

    public init(from decoder: any Decoder) throws {
        try decoder.refuseMembers(except: CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            name: try container.decode(String.self, forKey: .name), systemId: try container.decodeIfPresent(String.self, forKey: .systemId),
            salesChannel: try container.decodeIfPresent(String.self, forKey: .salesChannel),
            country: try container.decodeIfPresent(String.self, forKey: .country))
    }
}
