/// Whether a SIP account can register with its provider, as its event messages tell it (manual
/// Tab. 24, "SIP account available" / "SIP account not available").
public enum TrunkAvailability: Sendable, Hashable {
    /// Nothing reported since the start, and no "not available" was open in the log: a first
    /// success is no change and raises nothing.
    case unknown
    case available
    case notAvailable(TrunkFailureCause)
}

/// The causes of "SIP account not available" (manual Tab. 24).
public enum TrunkFailureCause: Int, Sendable, Hashable {
    /// No answer, a transport error, a host that does not resolve, or a refusal that is not
    /// about the credentials (5xx, 6xx, other 4xx).
    case providerUnobtainable = 0
    /// The provider refused the credentials: 401 or 407 again after they were given, 403, 404.
    case noPermission = 1
}
