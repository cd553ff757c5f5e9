/// Which side ended a call: the `endedBy` of `call.ended`.
public enum CallEndedBy: String, Sendable, Hashable, Codable, CaseIterable {
    case caller
    case callee
    /// The server: a refusal, a timeout, a failure, or the closure at start of a call the previous
    /// run left open.
    case system
}
