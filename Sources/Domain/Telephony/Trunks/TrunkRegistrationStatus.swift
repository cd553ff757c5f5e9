/// One SIP account's registration as the API shows it (`GET /api/v1/trunks/registrations`).
public struct TrunkRegistrationStatus: Sendable, Hashable {
    public enum Phase: String, Sendable, Hashable {
        /// Waiting for its first attempt or for the next after a failure.
        case waiting
        case registering
        case registered
    }

    public var account: Int
    public var provider: Int
    public var phase: Phase
    public var availability: TrunkAvailability
    /// µs: when the registration runs out (registered) …
    public var expiresAt: Int64?
    /// … and when the next REGISTER goes out (a refresh or a retry).
    public var nextAttemptAt: Int64?
    /// Failures in a row since the last success.
    public var failures: Int
    /// How the last attempt ended: `200 OK`, `403 Forbidden`, `no answer` …
    public var lastOutcome: String?
    public var lastAttemptAt: Int64?

    public init(
        account: Int, provider: Int, phase: Phase, availability: TrunkAvailability, expiresAt: Int64? = nil, nextAttemptAt: Int64? = nil,
        failures: Int, lastOutcome: String?, lastAttemptAt: Int64?
    ) {
        self.account = account
        self.provider = provider
        self.phase = phase
        self.availability = availability
        self.expiresAt = expiresAt
        self.nextAttemptAt = nextAttemptAt
        self.failures = failures
        self.lastOutcome = lastOutcome
        self.lastAttemptAt = lastAttemptAt
    }
}
