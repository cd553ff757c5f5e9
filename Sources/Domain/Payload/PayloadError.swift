/// Why a stored payload is not the record it should hold (bad JSON, a missing or repeated
/// member, a value outside its set), with the byte offset where it was noticed.
public struct PayloadError: Error, Sendable, Hashable, CustomStringConvertible {
    public var reason: String
    public var description: String { reason }
}
