/// A run of rows copied out of SQLite by the read-ahead thread of
/// ``EventLog/scanWithReadAhead(after:_:)``: one byte buffer with each row's type, stream and
/// payload back to back, and four offsets per row into it.
///
/// `@unchecked Sendable` because a chunk is owned by one thread at a time: the reader fills it,
/// hands it over through ``ReadAheadQueue`` (whose Mutex orders the hand-over), and only the
/// consumer touches it until it gives it back the same way.
final class ReadAheadChunk: @unchecked Sendable {
    static let rows = 2048

    /// Which of the queue's chunks this is, so a scan can keep per-chunk state beside it.
    let slot: Int

    // Unchecked: one thread at a time owns a chunk (above), so the dynamic exclusivity check a
    // class's stored property gets on every access finds nothing; it cost the reader thread
    // about a tenth of its time, five accesses per row.
    @exclusivity(unchecked) var positions: [Int64] = []
    @exclusivity(unchecked) var schemas: [Int] = []
    /// Per row: start of type, start of stream, start of payload, end of payload.
    @exclusivity(unchecked) var offsets: [Int] = []
    @exclusivity(unchecked) var bytes: [UInt8] = []

    init(slot: Int) {
        self.slot = slot
        positions.reserveCapacity(Self.rows)
        schemas.reserveCapacity(Self.rows)
        offsets.reserveCapacity(Self.rows * 4)
        bytes.reserveCapacity(Self.rows * 160)
    }

    var count: Int { positions.count }

    func clear() {
        positions.removeAll(keepingCapacity: true)
        schemas.removeAll(keepingCapacity: true)
        offsets.removeAll(keepingCapacity: true)
        bytes.removeAll(keepingCapacity: true)
    }

    func append(position: Int64, schema: Int, type: UnsafeBufferPointer<UInt8>, stream: UnsafeBufferPointer<UInt8>, payload: UnsafeBufferPointer<UInt8>) {
        positions.append(position)
        schemas.append(schema)
        offsets.append(bytes.count)
        bytes.append(contentsOf: type)
        offsets.append(bytes.count)
        bytes.append(contentsOf: stream)
        offsets.append(bytes.count)
        bytes.append(contentsOf: payload)
        offsets.append(bytes.count)
    }

    /// Hands each row to `body` as a ``RawEventRow`` pointing into this chunk.
    func forEachRow(_ body: (borrowing RawEventRow) throws -> Void) rethrows {
        for index in 0..<count { try withRow(index, body) }
    }

    /// Hands row `index` to `body`. The chunk's bytes do not change while it is handed over, so
    /// both replay threads may read its rows at once.
    func withRow<Result>(_ index: Int, _ body: (borrowing RawEventRow) throws -> Result) rethrows -> Result {
        try bytes.withUnsafeBufferPointer { all in
            let o = index * 4
            return try body(
                RawEventRow(
                    position: positions[index], schema: schemas[index],
                    type: UnsafeBufferPointer(rebasing: all[offsets[o]..<offsets[o + 1]]),
                    stream: UnsafeBufferPointer(rebasing: all[offsets[o + 1]..<offsets[o + 2]]),
                    payload: UnsafeBufferPointer(rebasing: all[offsets[o + 2]..<offsets[o + 3]])))
        }
    }
}
