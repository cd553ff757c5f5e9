extension AuthorizationProfile {
    private enum CodingKeys: String, CodingKey {
        case id, name, level, areas, interfaces, fileAccess, predefined
    }

    /// Areas as a String-keyed object and interfaces as a sorted list: the state hash encodes
    /// with sorted keys, and an enum-keyed dictionary or a set would encode in hash order.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(name, forKey: .name)
        try container.encode(level, forKey: .level)
        try container.encode(Dictionary(uniqueKeysWithValues: areas.map { ($0.key.rawValue, $0.value) }), forKey: .areas)
        try container.encode(interfaces.map(\.rawValue).sorted(), forKey: .interfaces)
        try container.encode(fileAccess, forKey: .fileAccess)
        try container.encode(predefined, forKey: .predefined)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let areaTexts = try container.decode([String: AreaAccess].self, forKey: .areas)
        var areas: [AdministrationArea: AreaAccess] = [:]
        for (text, access) in areaTexts {
            guard let area = AdministrationArea(rawValue: text) else {
                throw DecodingError.dataCorruptedError(forKey: .areas, in: container, debugDescription: "unknown area \(text)")
            }
            areas[area] = access
        }
        let interfaceTexts = try container.decode([String].self, forKey: .interfaces)
        var interfaces: Set<InterfaceRight> = []
        for text in interfaceTexts {
            guard let right = InterfaceRight(rawValue: text) else {
                throw DecodingError.dataCorruptedError(forKey: .interfaces, in: container, debugDescription: "unknown interface \(text)")
            }
            interfaces.insert(right)
        }
        self.init(
            id: try container.decode(String.self, forKey: .id), name: try container.decode(String.self, forKey: .name),
            level: try container.decode(AuthorizationLevel.self, forKey: .level), areas: areas, interfaces: interfaces,
            fileAccess: try container.decode(FileAccess.self, forKey: .fileAccess),
            predefined: try container.decode(Bool.self, forKey: .predefined)
        )
    }
}
