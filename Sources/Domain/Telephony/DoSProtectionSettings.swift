/// How the SIP listeners defend against a source that floods or probes them (issue 15, point 3;
/// manual Tab. 24 "IP address added to / removed from the DoS black list": "beyond the maximum
/// configured admissible registration attempts or transactions … blocked for a set period").
///
/// The manual names the settings but not their values. Each count is per source address within
/// one window; reaching it blocks the address for ``blockSeconds``. 0 turns a count off.
/// The defaults let a phone with a mistyped password retry a few times a minute and let a busy
/// trunk through, and stop a password guesser within seconds.
public struct DoSProtectionSettings: Sendable, Hashable, Codable {
    /// REGISTERs refused for wrong or unknown credentials (cause 0).
    public var failedRegistrations: Int
    /// Requests of any kind (cause 1): a flood.
    public var transactions: Int
    /// Requests for dialogs or transactions that do not exist (cause 2: no session).
    public var requestsWithoutSession: Int
    /// Messages that broke the grammar and were answered 400 or dropped (cause 3).
    public var modifiedMessages: Int
    /// The window the counts are taken over.
    public var windowSeconds: Int
    /// How long a blocked address gets nothing at all.
    public var blockSeconds: Int

    public init(
        failedRegistrations: Int = 20, transactions: Int = 30_000, requestsWithoutSession: Int = 100, modifiedMessages: Int = 100,
        windowSeconds: Int = 60, blockSeconds: Int = 600
    ) {
        self.failedRegistrations = failedRegistrations
        self.transactions = transactions
        self.requestsWithoutSession = requestsWithoutSession
        self.modifiedMessages = modifiedMessages
        self.windowSeconds = windowSeconds
        self.blockSeconds = blockSeconds
    }

    /// The count of a cause, `nil` when it is off.
    public func limit(_ cause: DoSBlockCause) -> Int? {
        let count: Int
        switch cause {
        case .registration: count = failedRegistrations
        case .tooManyTransactions: count = transactions
        case .noSession: count = requestsWithoutSession
        case .modifiedMessage: count = modifiedMessages
        }
        return count > 0 ? count : nil
    }
}
