import CSQLite
import Foundation

extension EventLog {
    /// The replay fast path on two cores: a reader thread steps SQLite and copies rows into
    /// chunks while the calling thread decodes and folds them, so a replay costs the slower of
    /// the two instead of their sum (start-up without a snapshot, a restore, an offline state
    /// hash). Same contract as ``scan(after:limit:_:)`` otherwise; the rows' buffers are valid
    /// only inside `body`. Returns the last position seen (or `after`).
    @discardableResult
    public func scanWithReadAhead(after: Int64, _ body: (borrowing RawEventRow) throws -> Void) throws -> Int64 {
        let queue = ReadAheadQueue(depth: 4)
        let reader = Thread { [self] in
            do {
                try scan(after: after, into: queue)
                queue.deliver(.finished)
            } catch let error as EventLogError {
                queue.deliver(.failed(error))
            } catch {
                queue.deliver(.failed(.storage(code: SQLITE_ERROR, message: "\(error)")))
            }
        }
        reader.name = "callplane-eventlog-read-ahead"
        reader.start()

        var last = after
        var failure: (any Error)?
        consuming: while true {
            switch queue.next() {
            case .chunk(let chunk):
                if failure == nil {
                    do {
                        try chunk.forEachRow(body)
                        last = chunk.positions.last ?? last
                    } catch {
                        failure = error
                        queue.stop()
                    }
                }
                queue.recycle(chunk)
            case .finished:
                break consuming
            case .failed(let error):
                failure = failure ?? error
                break consuming
            }
        }
        if let failure { throw failure }
        return last
    }

    /// The reader thread's loop: fills chunks until the end of the log or until stopped.
    private func scan(after: Int64, into queue: ReadAheadQueue) throws {
        guard var chunk = queue.emptyChunk() else { return }
        try scan(after: after) { row in
            if chunk.count == ReadAheadChunk.rows {
                queue.deliver(.chunk(chunk))
                guard let next = queue.emptyChunk() else { throw ReadAheadStopped() }
                chunk = next
            }
            chunk.append(position: row.position, schema: row.schema, type: row.type, stream: row.stream, payload: row.payload)
        }
        queue.deliver(.chunk(chunk))
    }
}

/// Ends the reader thread's scan once the consumer wants no more.
struct ReadAheadStopped: Error {}
