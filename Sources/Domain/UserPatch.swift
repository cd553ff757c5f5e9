/// Changes to a user: `nil` leaves a field as it is; for the e-mail, `.some(nil)` clears it.
public struct UserPatch: Sendable, Hashable {
    public var name: String?
    public var email: String??
    public var language: String?

    public init(name: String? = nil, email: String?? = nil, language: String? = nil) {
        self.name = name
        self.email = email
        self.language = language
    }
}
