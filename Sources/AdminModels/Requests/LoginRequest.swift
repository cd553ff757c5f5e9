import Domain

/// `POST /api/v1/session`: an account's name and password, and the interface the session is
/// for (`webadmin` unless given; `remote` for remote maintenance, manual §5.4).
public struct LoginRequest: Codable, Sendable, Hashable {
    public var name: String
    public var password: String
    public var interface: String?

    public init(name: String, password: String, interface: String? = nil) {
        self.name = name
        self.password = password
        self.interface = interface
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case name, password, interface }

    public init(from decoder: any Decoder) throws {
        try decoder.refuseMembers(except: CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            name: try container.decode(String.self, forKey: .name), password: try container.decode(String.self, forKey: .password),
            interface: try container.decodeIfPresent(String.self, forKey: .interface))
    }
}
