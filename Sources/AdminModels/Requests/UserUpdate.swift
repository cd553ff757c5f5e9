import Domain

/// `PUT /api/v1/users/{number}`: `name` is required; an absent `email` or `language` keeps its
/// value and `email: null` clears it.
public struct UserUpdate: Codable, Sendable, Hashable {
    public var name: String
    public var email: String??
    public var language: String?

    public init(name: String, email: String?? = .none, language: String? = nil) {
        self.name = name
        self.email = email
        self.language = language
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case name, email, language }

    public init(from decoder: any Decoder) throws {
        try decoder.refuseMembers(except: CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            name: try container.decode(String.self, forKey: .name), email: try container.decodePatch(String.self, forKey: .email),
            language: try container.decodeIfPresent(String.self, forKey: .language))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encodePatch(email, forKey: .email)
        try container.encodeIfPresent(language, forKey: .language)
    }
}
