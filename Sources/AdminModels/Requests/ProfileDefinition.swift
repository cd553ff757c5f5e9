import Domain

/// `POST /api/v1/profiles` (with `id`) and `PUT /api/v1/profiles/{id}` (without): an
/// authorization profile's name and rights (manual §5.3.1.2). An absent `level` or
/// `fileAccess` takes the profile's default.
public struct ProfileDefinition: Codable, Sendable, Hashable {
    public var id: String?
    public var name: String
    public var level: String?
    /// Administration area → `read` or `write`.
    public var areas: [String: String]
    public var interfaces: [String]
    public var fileAccess: String?

    public init(id: String? = nil, name: String, level: String? = nil, areas: [String: String], interfaces: [String], fileAccess: String? = nil) {
        self.id = id
        self.name = name
        self.level = level
        self.areas = areas
        self.interfaces = interfaces
        self.fileAccess = fileAccess
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case id, name, level, areas, interfaces, fileAccess }

    public init(from decoder: any Decoder) throws {
        try decoder.refuseMembers(except: CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            id: try container.decodeIfPresent(String.self, forKey: .id), name: try container.decode(String.self, forKey: .name),
            level: try container.decodeIfPresent(String.self, forKey: .level), areas: try container.decode([String: String].self, forKey: .areas),
            interfaces: try container.decode([String].self, forKey: .interfaces), fileAccess: try container.decodeIfPresent(String.self, forKey: .fileAccess))
    }
}
