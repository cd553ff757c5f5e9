/// Why a reactor cannot run. A reactor that cannot read or write its cursor must stop rather
/// than guess: a cursor read as 0 would re-send the whole history to a destination.
public enum ReactorError: Error, Sendable, CustomStringConvertible {
    /// The stored cursor could not be read.
    case cursorUnreadable(reactor: String, underlying: String)
    /// The cursor could not be saved after handling events.
    case cursorNotSaved(reactor: String, position: Int64, underlying: String)
    /// Two reactors asked for the same cursor name.
    case duplicateName(String)
    /// A move names a position beyond the log's head.
    case positionBeyondHead(position: Int64, head: Int64)

    public var description: String {
        switch self {
        case let .cursorUnreadable(reactor, underlying):
            "reactor \(reactor) cannot read its cursor: \(underlying)"
        case let .cursorNotSaved(reactor, position, underlying):
            "reactor \(reactor) cannot save its cursor at \(position): \(underlying)"
        case let .duplicateName(name):
            "a reactor named \(name) is registered already"
        case let .positionBeyondHead(position, head):
            "position \(position) is beyond the log's head \(head)"
        }
    }
}
