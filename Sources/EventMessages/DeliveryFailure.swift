/// Why a destination did not take a batch. `cause` is the parameter of "… event message
/// destination not reachable" (manual Tab. 24: 0 busy, 1 not available, 2 barred, 3 not defined).
public struct DeliveryFailure: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Cause: Int, Sendable, Hashable {
        case busy = 0
        case notAvailable = 1
        /// The destination refused the batch in a way that will not change by itself (an e-mail
        /// server's 5xx, credentials refused): a round does not try it again.
        case barred = 2
        case notDefined = 3
    }

    public var cause: Cause
    /// What went wrong, for the log and the destination's status (e.g. "connection refused").
    public var reason: String

    public init(_ cause: Cause, _ reason: String) {
        self.cause = cause
        self.reason = reason
    }

    public var description: String { "\(cause) (\(cause.rawValue)): \(reason)" }
}
