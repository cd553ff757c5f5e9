import Domain
import EventLog

/// Copies of the rows a restore hands to ``ReplayPipeline``: the replay fast path's fields of a
/// few thousand events in one buffer, since the import's row buffers are gone once it moves on.
struct ReplayBatch: Sendable {
    static let rowsPerBatch = 4_096

    private struct Row: Sendable {
        var position: Int64
        var schema: Int
        var type: Range<Int>
        var stream: Range<Int>
        var payload: Range<Int>
    }

    private var bytes: [UInt8] = []
    private var rows: [Row] = []

    init() {
        bytes.reserveCapacity(Self.rowsPerBatch * 512)
        rows.reserveCapacity(Self.rowsPerBatch)
    }

    var isFull: Bool { rows.count >= Self.rowsPerBatch }
    var isEmpty: Bool { rows.isEmpty }

    mutating func append(_ row: borrowing RawEventRow) {
        func copy(_ field: UnsafeBufferPointer<UInt8>) -> Range<Int> {
            let start = bytes.count
            bytes.append(contentsOf: field)
            return start..<bytes.count
        }
        rows.append(Row(position: row.position, schema: row.schema, type: copy(row.type), stream: copy(row.stream), payload: copy(row.payload)))
    }

    /// Folds the rows into `state` in order; a row that does not apply is named by its position.
    func apply(to state: inout SystemState) throws {
        try bytes.withUnsafeBufferPointer { buffer in
            for row in rows {
                do {
                    try state.apply(
                        RawEventRow(
                            position: row.position, schema: row.schema, type: UnsafeBufferPointer(rebasing: buffer[row.type]),
                            stream: UnsafeBufferPointer(rebasing: buffer[row.stream]), payload: UnsafeBufferPointer(rebasing: buffer[row.payload])))
                } catch {
                    throw BackupError.verificationFailed("the event at position \(row.position) does not apply: \(error)")
                }
            }
        }
    }
}
