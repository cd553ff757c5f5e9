/// The read-ahead thread's work while the consumer is behind: decoding rows of the chunks it has
/// already handed over, so the replaying thread finds them decoded
/// (``EventLog/scanWithReadAhead(after:decode:_:)``).
///
/// It works on the newest chunk first, from its last row backwards: the consumer reaches that
/// chunk last and works forwards, so the two meet at most once per chunk. It looks for a free
/// chunk every `batch` rows, since reading ahead is what keeps the consumer fed.
struct ReadAheadDecodingHelper<Decoded: Sendable>: ReadAheadChunkSource {
    let decodedRows: [ReadAheadDecodedRows<Decoded>]
    let decode: @Sendable (borrowing RawEventRow) throws -> Decoded
    /// The rows this thread folds itself instead of handing them over (true when taken).
    let lane: (@Sendable (borrowing RawEventRow) throws -> Bool)?
    /// Chunks handed over whose rows may still be unclaimed, oldest first, each with the next
    /// row to try (counting down).
    private var handedOver: [(chunk: ReadAheadChunk, next: Int)] = []
    /// By slot: handed over and not yet taken back, so it may still hold values decoded here.
    private var inFlight: [Bool]
    private let batch = 16

    init(
        decodedRows: [ReadAheadDecodedRows<Decoded>], decode: @escaping @Sendable (borrowing RawEventRow) throws -> Decoded,
        lane: (@Sendable (borrowing RawEventRow) throws -> Bool)? = nil
    ) {
        self.decodedRows = decodedRows
        self.decode = decode
        self.lane = lane
        inFlight = Array(repeating: false, count: decodedRows.count)
    }

    mutating func nextEmptyChunk(_ queue: ReadAheadQueue) -> ReadAheadChunk? {
        while true {
            switch queue.emptyChunkNow() {
            case .chunk(let chunk):
                return reclaimed(chunk)
            case .stopped:
                return nil
            case .noneFree:
                if !decodeSome() {
                    return queue.emptyChunk().map { reclaimed($0) }
                }
            }
        }
    }

    func takes(_ row: borrowing RawEventRow) throws -> Bool {
        guard let lane else { return false }
        return try lane(row)
    }

    mutating func delivered(_ chunk: ReadAheadChunk) {
        handedOver.append((chunk, chunk.count - 1))
        inFlight[chunk.slot] = true
    }

    /// Takes the last chunks back as the consumer finishes them, to free the values decoded here
    /// on this thread too (``ReadAheadDecodedRows``), then returns them to the queue.
    mutating func finished(_ queue: ReadAheadQueue) {
        var taken: [ReadAheadChunk] = []
        while inFlight.contains(true), let chunk = queue.emptyChunk() { taken.append(reclaimed(chunk)) }
        for chunk in taken { queue.recycle(chunk) }
    }

    /// The consumer finished `chunk` and gave it back: nothing is left to help with in it.
    private mutating func reclaimed(_ chunk: ReadAheadChunk) -> ReadAheadChunk {
        handedOver.removeAll { $0.chunk === chunk }
        inFlight[chunk.slot] = false
        decodedRows[chunk.slot].reset()
        return chunk
    }

    /// Decodes up to `batch` rows of the newest chunk that has unclaimed ones; false when no
    /// chunk has any left.
    private mutating func decodeSome() -> Bool {
        while let (chunk, next) = handedOver.last {
            let rows = decodedRows[chunk.slot]
            var row = next
            while row >= 0, row > next - batch, rows.claimForHelper(row) {
                rows.publish(row, chunk.withRow(row) { row in Result { try decode(row) } })
                row -= 1
            }
            if row >= 0, row == next - batch {
                handedOver[handedOver.count - 1].next = row
                return true
            }
            // Reached the start, or the consumer: the rest of this chunk is the consumer's.
            handedOver.removeLast()
            if row != next { return true }
        }
        return false
    }
}
