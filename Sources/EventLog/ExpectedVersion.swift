/// What an appender believes a stream's current version to be (optimistic concurrency).
public enum ExpectedVersion: Sendable, Hashable, CustomStringConvertible {
    /// No check.
    case any
    /// The stream must have exactly this many events; `exactly(0)` means "the stream must not exist".
    case exactly(Int64)

    public var description: String {
        switch self {
        case .any: "any"
        case .exactly(let version): String(version)
        }
    }
}
