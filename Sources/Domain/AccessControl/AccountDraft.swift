/// A new account as an administrator creates it. The password is here in plaintext only so
/// `decide` can apply the syntax rules; the hash is made beforehand, outside `decide`, because
/// a password hash is deliberately slow and `decide` runs under the pipeline's lock.
public struct AccountDraft: Sendable, Hashable {
    public var name: String
    public var profile: String
    public var password: String
    /// The encoded hash of `password` (e.g. `$scrypt$…`); sealed by `decide`.
    public var passwordHash: String

    public init(name: String, profile: String, password: String, passwordHash: String) {
        self.name = name
        self.profile = profile
        self.password = password
        self.passwordHash = passwordHash
    }
}
