import EventLog

/// The state a ``FactProjection`` keeps: a fold of one fact family, with its own snapshot.
public protocol FactFold: Sendable, Equatable {
    static var family: FactFamily { get }
    /// The snapshot kind, distinct from every other projection's.
    static var snapshotKind: String { get }
    /// Bumped when the encoding changes; a snapshot of another schema is ignored (replayed).
    static var snapshotSchema: Int { get }

    init()
    init(snapshot: [UInt8]) throws
    func snapshot() throws -> [UInt8]
    /// Folds one event of the family (the projection filters by ``FactFamily/typePrefix``).
    mutating func apply(type: UnsafeBufferPointer<UInt8>, payload: UnsafeBufferPointer<UInt8>) throws
}
