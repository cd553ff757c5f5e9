import Foundation

extension SQLiteStatement {
    /// Decodes a row selected with ``EventQuery/columns`` (in that order).
    func envelope() -> EventEnvelope {
        EventEnvelope(
            position: int64(0),
            // The writer stores only 16-byte ids; a row that breaks this was altered outside
            // the log, and `verify()` names it. Reads still return it, with a nil UUID.
            id: uuid(1) ?? UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)),
            stream: string(2),
            version: int64(3),
            type: string(4),
            schema: Int(int64(5)),
            at: int64(6),
            actor: string(7),
            source: string(8),
            correlation: uuid(9),
            causation: uuid(10),
            payload: string(11),
            hash: blob(12))
    }
}
