import CSQLite
import Synchronization

/// Read-only connections, each used by one caller at a time (a `sqlite3*` opened with
/// `SQLITE_OPEN_NOMUTEX` must never be used by two threads at once).
///
/// Connections are opened on demand, so concurrent readers never wait for each other; at most
/// `maxIdle` are kept for reuse (with their cached statements) once the burst is over.
final class ReadPool: Sendable {
    private struct State {
        var idle: [SQLiteConnection] = []
        var closed = false
    }

    private let path: String
    private let maxIdle: Int
    private let state = Mutex(State())

    init(path: String, maxIdle: Int = 8) {
        self.path = path
        self.maxIdle = maxIdle
    }

    /// Lends a connection to `body`. A reader never blocks the writer: WAL gives each read
    /// statement a snapshot of the last commit.
    func withConnection<R>(_ body: (SQLiteConnection) throws -> R) throws -> R {
        let connection = try checkOut()
        defer { checkIn(connection) }
        return try body(connection)
    }

    /// Closes the idle connections; the ones lent out are closed when they come back.
    func close() {
        let idle = state.withLock { state in
            state.closed = true
            let idle = state.idle
            state.idle = []
            return idle
        }
        for connection in idle { connection.close() }
    }

    private enum CheckOut {
        case closed
        case reuse(SQLiteConnection)
        case openNew
    }

    private func checkOut() throws(EventLogError) -> SQLiteConnection {
        let outcome: CheckOut = state.withLock { state in
            if state.closed { return .closed }
            if let connection = state.idle.popLast() { return .reuse(connection) }
            return .openNew
        }
        switch outcome {
        case .closed: throw .closed
        case let .reuse(connection): return connection
        case .openNew: return try open()
        }
    }

    private func checkIn(_ connection: SQLiteConnection) {
        let keep = state.withLock { state in
            guard !state.closed, state.idle.count < maxIdle else { return false }
            state.idle.append(connection)
            return true
        }
        if !keep { connection.close() }
    }

    private func open() throws(EventLogError) -> SQLiteConnection {
        let connection = try SQLiteConnection(path: path, flags: SQLITE_OPEN_READONLY)
        // WAL readers see BUSY only in short windows (WAL recovery, the last checkpoint at close
        // of another process's connection); waiting a little beats failing a read.
        sqlite3_busy_timeout(connection.handle, 5_000)
        // Replay reads the whole table: mapping the file avoids a copy per page read.
        try connection.execute("PRAGMA mmap_size = 1073741824")
        return connection
    }
}
