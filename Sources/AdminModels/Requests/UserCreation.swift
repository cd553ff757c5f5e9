import Domain

/// `POST /api/v1/users`: `number` and `name` are required; the language is the user's default
/// (English) unless given.
public struct UserCreation: Codable, Sendable, Hashable {
    public var number: String
    public var name: String
    public var email: String?
    public var language: String?

    public init(number: String, name: String, email: String? = nil, language: String? = nil) {
        self.number = number
        self.name = name
        self.email = email
        self.language = language
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case number, name, email, language }

    public init(from decoder: any Decoder) throws {
        try decoder.refuseMembers(except: CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            number: try container.decode(String.self, forKey: .number), name: try container.decode(String.self, forKey: .name),
            email: try container.decodeIfPresent(String.self, forKey: .email), language: try container.decodeIfPresent(String.self, forKey: .language))
    }
}
