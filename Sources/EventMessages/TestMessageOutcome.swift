/// What became of a test event message sent straight to its destination (issue 13, point 1).
public enum TestMessageOutcome: Sendable, Hashable {
    /// The destination took it at `at` (µs); the event log destination takes it by holding it.
    case delivered(at: Int64)
    /// The destination refused it or could not be reached; a test is not retried, so the caller
    /// knows the destination's state now, not in five minutes.
    case failed(DeliveryFailure, at: Int64)
    /// A replay of a test whose outcome this process did not see (it was sent before a restart).
    case unknown
}
