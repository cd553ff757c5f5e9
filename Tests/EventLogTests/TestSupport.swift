import CSQLite
import Foundation
import Testing
@testable import EventLog

/// A fresh directory under the system temp folder, removed when the value goes away.
final class TemporaryDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("callplane-eventlog-tests")
            .appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    /// A database path inside a not-yet-existing sub-folder (open must create it).
    var databasePath: String { url.appendingPathComponent("data/events.sqlite").path }
}

/// A fixed key for the logs under test (the server derives its own from `secret.key`).
let testIntegrityKey = LogIntegrityKey(secret: [UInt8](repeating: 7, count: 32))

/// 2026-01-01T00:00:00Z in microseconds.
let epoch: Int64 = 1_767_225_600_000_000

func proposed(
    _ stream: String = "user/101", type: String = "user.created", actor: String = "admin",
    source: String = "127.0.0.1/http", payload: String = #"{"n":1}"#, id: UUID = UUID(),
    correlation: UUID? = nil, causation: UUID? = nil, schema: Int = 1
) -> ProposedEvent {
    ProposedEvent(
        id: id, stream: stream, type: type, schema: schema, actor: actor, source: source,
        correlation: correlation, causation: causation, payload: payload)
}

func request(_ events: ProposedEvent..., expecting expectations: [String: ExpectedVersion] = [:]) -> AppendRequest {
    AppendRequest(events: events, expectations: expectations)
}

/// Raw SQL on its own read-write connection, as an operator (or an attacker) would use it.
func rawExecute(_ path: String, _ sql: String) throws {
    let connection = try SQLiteConnection(path: path, flags: SQLITE_OPEN_READWRITE)
    // Long: under a loaded machine the log's own writer can hold the lock for seconds (its WAL
    // checkpoint), and this helper only sets up a test.
    sqlite3_busy_timeout(connection.handle, 30_000)
    try connection.execute(sql)
    connection.close()
}

func rawInt(_ path: String, _ sql: String) throws -> Int64? {
    let connection = try SQLiteConnection(path: path, flags: SQLITE_OPEN_READONLY)
    defer { connection.close() }
    return try connection.scalarInt(sql)
}

func rawText(_ path: String, _ sql: String) throws -> String? {
    let connection = try SQLiteConnection(path: path, flags: SQLITE_OPEN_READONLY)
    defer { connection.close() }
    return try connection.scalarText(sql)
}

/// Rows of `sql` as strings (NULL as "NULL"), for whole-table comparisons.
func rawRows(_ path: String, _ sql: String) throws -> [[String]] {
    let connection = try SQLiteConnection(path: path, flags: SQLITE_OPEN_READONLY)
    defer { connection.close() }
    let statement = try connection.prepare(sql)
    var rows: [[String]] = []
    while try statement.step() {
        let count = sqlite3_column_count(statement.handle)
        rows.append((0..<count).map { statement.isNull($0) ? "NULL" : statement.string($0) })
    }
    return rows
}

/// Expects `body` to throw exactly `expected`.
func expectError<T>(_ expected: EventLogError, sourceLocation: SourceLocation = #_sourceLocation, _ body: () async throws -> T) async {
    do {
        _ = try await body()
        Issue.record("expected \(expected), but nothing was thrown", sourceLocation: sourceLocation)
    } catch let error as EventLogError {
        #expect(error == expected, sourceLocation: sourceLocation)
    } catch {
        Issue.record("expected \(expected), got \(error)", sourceLocation: sourceLocation)
    }
}

/// The thrown EventLogError, or nil. Any other error is recorded as a test issue (and answers
/// nil): mapping it to `.storage` let an assertion that expects a storage error accept an
/// unrelated one (issue 14, point 10).
func thrownError<T>(_ body: () async throws -> T, sourceLocation: SourceLocation = #_sourceLocation) async -> EventLogError? {
    do {
        _ = try await body()
        return nil
    } catch let error as EventLogError {
        return error
    } catch {
        Issue.record("expected an EventLogError, got \(type(of: error)): \(error)", sourceLocation: sourceLocation)
        return nil
    }
}

/// Runs `submit` while the writer thread is stuck in `BEGIN IMMEDIATE` behind another
/// connection's write lock, so everything `submit` queues is taken as one batch afterwards.
/// The writer is kept busy with a cursor write, which consumes no position.
func withWriterHeld(_ log: EventLog, path: String, _ submit: () throws -> Void) async throws {
    let holder = try SQLiteConnection(path: path, flags: SQLITE_OPEN_READWRITE)
    try holder.execute("BEGIN IMMEDIATE")
    // The blocker is queued synchronously and awaited until the writer has taken it: from then
    // on the writer waits on the lock, and nothing `submit` queues can join the blocker's batch.
    // (A sleep was not enough on a loaded CI machine: the blocker then shared a batch with them.)
    let queue = try log.writeQueue()
    let blocker = CompletionPromise<Void>()
    #expect(queue.enqueue(.setCursor(reactor: "test-blocker", position: 0, blocker)))
    let deadline = ContinuousClock.now + .seconds(4)
    while queue.waitingCount > 0, ContinuousClock.now < deadline {
        try await Task.sleep(for: .milliseconds(1))
    }
    #expect(queue.waitingCount == 0, "the writer took the blocker")
    try submit()
    try holder.execute("ROLLBACK")
    holder.close()
    try await blocker.value()
}
