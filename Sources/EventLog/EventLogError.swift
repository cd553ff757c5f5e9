/// Why the log refused or failed an operation. Each case names the rule it enforces.
public enum EventLogError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Optimistic concurrency: the stream is at `actual`, not at `expected`.
    case versionConflict(stream: String, expected: ExpectedVersion, actual: Int64)
    /// Some, but not all, of a request's event ids exist already.
    case partialRetry(existing: [String])
    /// The database was migrated by a newer Callplane than this one.
    case databaseNewerThanCode(databaseVersion: Int, codeVersion: Int)
    /// A migration file or the recorded migrations are not what this build expects.
    case migrationMismatch(String)
    /// The log is closing or closed; nothing was written.
    case closed
    /// Opened read-only; writes are refused.
    case readOnly
    /// An empty request, an event with an empty stream or type, …
    case invalidRequest(String)
    /// SQLite reported an error; nothing of the failed transaction was written.
    case storage(code: Int32, message: String)
    /// An imported record is malformed, out of order, or does not continue the chain.
    case importRefused(String)

    public var description: String {
        switch self {
        case let .versionConflict(stream, expected, actual):
            "version conflict on stream \(stream): expected version \(expected), actual \(actual)"
        case let .partialRetry(existing):
            "some event ids of this append already exist (\(existing.joined(separator: ", "))): a retry must repeat the whole append"
        case let .databaseNewerThanCode(databaseVersion, codeVersion):
            "the database schema is version \(databaseVersion), newer than this Callplane understands (\(codeVersion)); use a newer Callplane"
        case let .migrationMismatch(message):
            "migration mismatch: \(message)"
        case .closed:
            "the event log is closed"
        case .readOnly:
            "the event log is open read-only"
        case let .invalidRequest(message):
            "invalid append: \(message)"
        case let .importRefused(message):
            "import refused: \(message)"
        case let .storage(code, message):
            "SQLite error \(code): \(message)"
        }
    }
}
