/// A SIP account as the administrator gives it, the password in plaintext; `decide` seals it.
/// `password: nil` keeps the stored one (an account is replaced as a whole, but nobody should
/// have to type a provider's password again to change a DDI).
public struct SIPAccountDraft: Sendable, Hashable {
    public var number: Int
    public var provider: Int
    public var user: String
    public var authName: String?
    public var password: String?
    public var ddis: [String]
    public var channels: Int

    public init(number: Int, provider: Int, user: String, authName: String? = nil, password: String?, ddis: [String] = [], channels: Int = 2) {
        self.number = number
        self.provider = provider
        self.user = user
        self.authName = authName
        self.password = password
        self.ddis = ddis
        self.channels = channels
    }
}
