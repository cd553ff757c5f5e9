/// A user of the communication system (one licence each, manual §3.1.2), identified by call number.
public struct User: Sendable, Hashable, Codable {
    /// The internal call number, e.g. `101`.
    public var number: String
    public var name: String
    public var email: String?
    /// ISO 639-1 code of the user's display language, e.g. `en`.
    public var language: String

    public init(number: String, name: String, email: String? = nil, language: String = "en") {
        self.number = number
        self.name = name
        self.email = email
        self.language = language
    }
}
