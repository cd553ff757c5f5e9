import Domain

/// One SIP account's registration with its provider (`GET /api/v1/trunks/registrations`).
public struct TrunkRegistrationView: Codable, Sendable, Hashable, JSONWritable {
    public var account: Int
    public var provider: Int
    /// `waiting`, `registering` or `registered`.
    public var phase: String
    /// `available`, `not_available` or `unknown` (nothing reported since the start).
    public var availability: String
    /// The cause of `not_available` (manual Tab. 24): 0 provider unobtainable, 1 no permission.
    public var cause: Int?
    /// When the registration runs out (RFC 3339), while registered.
    public var expiresAt: String?
    /// When the next REGISTER goes out: the refresh, or the retry after a failure.
    public var nextAttemptAt: String?
    public var failures: Int
    /// How the last attempt ended: `200 OK`, `403 Forbidden`, `no answer` …
    public var lastOutcome: String?
    public var lastAttemptAt: String?

    public init(
        account: Int, provider: Int, phase: String, availability: String, cause: Int?, expiresAt: String?, nextAttemptAt: String?, failures: Int,
        lastOutcome: String?, lastAttemptAt: String?
    ) {
        self.account = account
        self.provider = provider
        self.phase = phase
        self.availability = availability
        self.cause = cause
        self.expiresAt = expiresAt
        self.nextAttemptAt = nextAttemptAt
        self.failures = failures
        self.lastOutcome = lastOutcome
        self.lastAttemptAt = lastAttemptAt
    }

    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.member("account", account)
        writer.member("availability", availability)
        writer.member("cause", cause)
        writer.member("expiresAt", expiresAt)
        writer.member("failures", failures)
        writer.member("lastAttemptAt", lastAttemptAt)
        writer.member("lastOutcome", lastOutcome)
        writer.member("nextAttemptAt", nextAttemptAt)
        writer.member("phase", phase)
        writer.member("provider", provider)
        writer.endObject()
    }
}
