/// A SIP account with a provider (manual Tab. 15 "SIP access": at most 10): the credentials a
/// trunk registers and authenticates its calls with, the DDI numbers the provider routes to it,
/// and how many calls it may carry at once.
public struct SIPAccount: Sendable, Hashable, Codable {
    /// 1 to 10 (``CapacityLimit/sipAccounts``).
    public var number: Int
    /// The provider's number.
    public var provider: Int
    /// The user part of the account's address of record (`sip:<user>@<provider host>`).
    public var user: String
    /// The name digest authentication uses, when the provider gives one other than `user`.
    public var authName: String?
    public var password: SealedSecret
    /// Numbers (`0441234500`) and ranges of numbers of one length (`0441234500-0441234599`)
    /// the provider delivers to this account.
    public var ddis: [String]
    /// Calls the account may carry at once; all accounts together at most 240
    /// (``CapacityLimit/sipAccessChannels``).
    public var channels: Int

    public init(number: Int, provider: Int, user: String, authName: String? = nil, password: SealedSecret, ddis: [String] = [], channels: Int = 2) {
        self.number = number
        self.provider = provider
        self.user = user
        self.authName = authName
        self.password = password
        self.ddis = ddis
        self.channels = channels
    }

    /// The name to answer a digest challenge with.
    public var authenticationName: String { authName ?? user }
}
