/// How a REGISTER ended, as the DoS protection counts it (issue 15, point 3: failed
/// registrations per source address).
enum RegistrationAttempt: Sendable, Hashable {
    /// Answered 401 without judging credentials: the normal first step of every registration.
    case challenged
    /// Credentials that were wrong, for an unknown name, or for another name than the To.
    case failed
    /// Unreadable credentials or headers.
    case malformed
    case registered
}
