/// Why an integrity request was refused; each case names its rule.
public enum IntegrityRefusal: Error, Sendable, Hashable, CustomStringConvertible {
    /// An acknowledgement while nothing is suspected: there is nothing to accept.
    case nothingToAcknowledge

    public var description: String {
        switch self {
        case .nothingToAcknowledge: "the log's integrity is not in doubt: there is no finding to acknowledge"
        }
    }
}
