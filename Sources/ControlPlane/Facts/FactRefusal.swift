/// Why the ``FactAppender`` refused a fact before it reached the log.
public enum FactRefusal: Error, Sendable, Hashable, CustomStringConvertible {
    /// The type or stream belongs to no registered fact family. Configuration events in
    /// particular must go through the command pipeline, where they are decided.
    case notAFact(type: String, stream: String)
    case empty

    public var description: String {
        switch self {
        case let .notAFact(type, stream):
            "\(type) on \(stream) is not a telephony fact of a registered family; configuration changes are commands"
        case .empty:
            "an append of facts needs at least one fact"
        }
    }
}
