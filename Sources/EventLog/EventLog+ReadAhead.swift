import CSQLite
import Foundation
import Synchronization

extension EventLog {
    /// The replay fast path on two cores: a reader thread steps SQLite and copies rows into
    /// chunks while the calling thread decodes and folds them, so a replay costs the slower of
    /// the two instead of their sum (start-up without a snapshot, a restore, an offline state
    /// hash). Same contract as ``scan(after:limit:_:)`` otherwise; the rows' buffers are valid
    /// only inside `body`. Returns the last position seen (or `after`).
    @discardableResult
    public func scanWithReadAhead(after: Int64, _ body: (borrowing RawEventRow) throws -> Void) throws -> Int64 {
        let queue = ReadAheadQueue(depth: 4)
        startReader(after: after, queue: queue, source: WaitingChunkSource())
        return try consume(queue, after: after) { chunk in try chunk.forEachRow(body) }
    }

    /// The replay fast path with the decoding shared: as ``scanWithReadAhead(after:_:)``, but each
    /// row is turned into a value by `decode`, which runs on whichever thread gets to the row
    /// first, and `body` receives the values in log order on the calling thread.
    ///
    /// Copying rows out of SQLite takes the reader thread a fraction of what decoding them takes
    /// the replaying one, so instead of waiting for an emptied chunk the reader decodes rows of
    /// the chunks it has handed over, from the newest one's end backwards while the replaying
    /// thread works forwards from the oldest; each row is claimed by one of them
    /// (``ReadAheadDecodedRows``). Both threads then stay busy to the end. On the replay
    /// benchmark's log (issue 12; docs/benchmarks.md) the reader decodes about two rows in three
    /// and the replay takes about 15 % less time than with a reader that only copies — not half:
    /// a row decoded on one core and folded on the other costs more than one done on a single
    /// core (the values' memory crosses between the two).
    ///
    /// An error thrown by `decode` reaches the caller at its row, after every earlier value was
    /// handed to `body`, whichever thread decoded it.
    ///
    /// Rows whose type starts with one of `skipping` (the telephony facts, for the
    /// configuration's replay) are left in SQLite: the scan then reads up to the head as it
    /// stands when it starts, and returns that head even when its last rows were skipped.
    @discardableResult
    public func scanWithReadAhead<Decoded: Sendable>(
        after: Int64, skipping: [String] = [], decode: @escaping @Sendable (borrowing RawEventRow) throws -> Decoded,
        _ body: (borrowing Decoded) throws -> Void
    ) throws -> Int64 {
        try scanWithReadAhead(after: after, skipping: skipping, lane: nil, decode: decode, body)
    }

    /// The shared-decoding scan with a second lane: rows for which `foldOnReader` returns true
    /// are folded by the read-ahead thread itself into its own `readerLane` value, in log order,
    /// and never reach `decode` or `body`; every other row goes to `body` as before. Returns the
    /// last position and the reader's lane as it ended.
    ///
    /// For a fold whose state splits into parts that no event crosses (the configuration's replay
    /// folds the event messages on the calling thread and the rest on the reader): a value
    /// decoded on one core and folded on the other pays for its memory crossing between them,
    /// one decoded and folded on the same core does not.
    ///
    /// An error thrown by `foldOnReader` also reaches the caller at its row: every earlier row of
    /// the other lane is handed to `body` first.
    public func scanWithReadAhead<Decoded: Sendable, Lane: Sendable>(
        after: Int64, skipping: [String] = [],
        readerLane: Lane, foldOnReader: @escaping @Sendable (inout Lane, borrowing RawEventRow) throws -> Bool,
        decode: @escaping @Sendable (borrowing RawEventRow) throws -> Decoded,
        _ body: (borrowing Decoded) throws -> Void
    ) throws -> (last: Int64, readerLane: Lane) {
        let lane = ReaderLane(readerLane)
        let last = try scanWithReadAhead(
            after: after, skipping: skipping, lane: { row in try lane.state.withLock { state in try foldOnReader(&state, row) } },
            decode: decode, body)
        return (last, lane.state.withLock { $0 })
    }

    private func scanWithReadAhead<Decoded: Sendable>(
        after: Int64, skipping: [String], lane: (@Sendable (borrowing RawEventRow) throws -> Bool)?,
        decode: @escaping @Sendable (borrowing RawEventRow) throws -> Decoded,
        _ body: (borrowing Decoded) throws -> Void
    ) throws -> Int64 {
        let depth = 4
        let queue = ReadAheadQueue(depth: depth)
        let decodedRows = (0..<depth).map { _ in ReadAheadDecodedRows<Decoded>() }
        let through = skipping.isEmpty ? Int64.max : head
        startReader(
            after: after, through: through, skipping: skipping, queue: queue,
            source: ReadAheadDecodingHelper(decodedRows: decodedRows, decode: decode, lane: lane))
        let last = try consume(queue, after: after) { chunk in
            let rows = decodedRows[chunk.slot]
            for index in 0..<chunk.count {
                if rows.claimForConsumer(index) {
                    try body(chunk.withRow(index) { row in try decode(row) })
                } else {
                    try rows.borrow(index) { value in
                        switch value {
                        case .success(let decoded): try body(decoded)
                        case .failure(let error): throw error
                        }
                    }
                }
            }
        }
        return skipping.isEmpty ? last : Swift.max(last, through)
    }

    /// The calling thread's loop: hands each chunk to `process` in order and gives it back; stops
    /// the reader at the first error and rethrows it once the reader has finished.
    private func consume(_ queue: ReadAheadQueue, after: Int64, _ process: (ReadAheadChunk) throws -> Void) throws -> Int64 {
        var last = after
        var failure: (any Error)?
        consuming: while true {
            switch queue.next() {
            case .chunk(let chunk):
                if failure == nil {
                    do {
                        try process(chunk)
                        last = chunk.positions.last ?? last
                    } catch {
                        failure = error
                        queue.stop()
                    }
                }
                queue.recycle(chunk)
            case .finished(let readerLast):
                if failure == nil { last = Swift.max(last, readerLast) }
                break consuming
            case .failed(let error):
                failure = failure ?? error
                break consuming
            }
        }
        if let failure { throw failure }
        return last
    }

    /// Starts the reader thread: it fills the chunks `source` gives it until the end of the log
    /// or until stopped, telling `source` of each chunk it handed over.
    /// With `skipping`, only the rows up to `through` whose type has none of those prefixes.
    private func startReader<Source: ReadAheadChunkSource>(
        after: Int64, through: Int64 = .max, skipping: [String] = [], queue: ReadAheadQueue, source: Source
    ) {
        let reader = Thread { [self] in
            var source = source
            // The chunk being filled. One the reader took but never handed over goes back when
            // the scan fails: libdispatch traps when a semaphore is freed below its start value.
            var filling: ReadAheadChunk?
            var seen = after
            do {
                guard let first = source.nextEmptyChunk(queue) else { throw ReadAheadStopped() }
                filling = first
                func copy(_ row: borrowing RawEventRow) throws {
                    seen = row.position
                    do {
                        if try source.takes(row) { return }
                    } catch {
                        throw ReaderLaneFailure(error: error)
                    }
                    if let chunk = filling, chunk.count == ReadAheadChunk.rows {
                        queue.deliver(.chunk(chunk))
                        filling = nil
                        source.delivered(chunk)
                        guard let next = source.nextEmptyChunk(queue) else { throw ReadAheadStopped() }
                        filling = next
                    }
                    filling?.append(position: row.position, schema: row.schema, type: row.type, stream: row.stream, payload: row.payload)
                }
                if skipping.isEmpty {
                    try scan(after: after, copy)
                } else {
                    try scan(after: after, through: through, skipping: skipping, copy)
                }
                if let chunk = filling {
                    filling = nil
                    queue.deliver(.chunk(chunk))
                }
                queue.deliver(.finished(last: seen))
                source.finished(queue)
            } catch let failure as ReaderLaneFailure {
                // The rows before the failing one reach the consumer first, as its own would.
                if let chunk = filling { queue.deliver(.chunk(chunk)) }
                queue.deliver(.failed(failure.error))
            } catch {
                if let chunk = filling { queue.recycle(chunk) }
                queue.deliver(.failed(error as? EventLogError ?? .storage(code: SQLITE_ERROR, message: "\(error)")))
            }
        }
        reader.name = "callplane-eventlog-read-ahead"
        reader.start()
    }
}

/// Ends the reader thread's scan once the consumer wants no more.
struct ReadAheadStopped: Error {}

/// An error of the reader's own lane, told apart from the scan's so it reaches the caller as it is.
struct ReaderLaneFailure: Error {
    let error: any Error
}

/// The read-ahead thread's lane value: only that thread changes it while the scan runs, and the
/// caller reads it once the scan is over.
final class ReaderLane<State: Sendable>: Sendable {
    let state: Mutex<State>
    init(_ state: sending State) { self.state = Mutex(state) }
}
