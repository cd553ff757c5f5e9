import Foundation
import Logging

/// Brings a database to the schema of this build, or refuses it.
///
/// All pending files run in one transaction with their `schema_migrations` rows, so a crash
/// mid-way leaves the previous schema, never half of a new one. A database recorded at a
/// higher version than this build knows is refused before anything is written: older code
/// would otherwise write rows that newer code no longer expects.
struct Migrator {
    let migrations: [Migration]
    let logger: Logger

    var codeVersion: Int { migrations.last?.version ?? 0 }

    static let createTable = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            version    INTEGER PRIMARY KEY,
            name       TEXT    NOT NULL,
            sha256     TEXT    NOT NULL,
            applied_at INTEGER NOT NULL
        )
        """

    struct Recorded {
        var version: Int
        var name: String
        var sha256: String
    }

    /// Applies the pending migrations on the write connection; returns the versions applied.
    @discardableResult
    func migrate(_ connection: SQLiteConnection, now: Int64) throws(EventLogError) -> [Int] {
        try connection.execute("BEGIN IMMEDIATE")
        do throws(EventLogError) {
            try connection.execute(Self.createTable)
            let recorded = try Self.recorded(connection)
            try check(recorded)
            let current = recorded.last?.version ?? 0
            var applied: [Int] = []
            for migration in migrations where migration.version > current {
                do throws(EventLogError) {
                    try connection.execute(migration.sql)
                } catch {
                    throw EventLogError.migrationMismatch("migration \(migration.version)_\(migration.name) failed: \(error)")
                }
                let insert = try connection.prepare("INSERT INTO schema_migrations (version, name, sha256, applied_at) VALUES (?1, ?2, ?3, ?4)")
                try insert.bind(1, Int64(migration.version))
                try insert.bind(2, migration.name)
                try insert.bind(3, migration.sha256)
                try insert.bind(4, now)
                _ = try insert.step()
                applied.append(migration.version)
            }
            try connection.execute("COMMIT")
            for version in applied {
                let migration = migrations[version - 1]
                logger.notice("applied migration", metadata: ["version": "\(version)", "name": "\(migration.name)", "sha256": "\(migration.sha256)"])
            }
            return applied
        } catch {
            if connection.isInTransaction { try? connection.execute("ROLLBACK") }
            throw error
        }
    }

    /// Refuses a newer database before the open touches anything (even `journal_mode`); the
    /// check inside the migration transaction stays the authoritative one.
    func refuseNewer(_ connection: SQLiteConnection) throws(EventLogError) {
        let exists = try connection.scalarInt("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'") ?? 0
        guard exists == 1 else { return }
        let newest = Int(try connection.scalarInt("SELECT max(version) FROM schema_migrations") ?? 0)
        if newest > codeVersion { throw .databaseNewerThanCode(databaseVersion: newest, codeVersion: codeVersion) }
    }

    /// For a read-only open: the database must be at exactly this build's version.
    func checkReadOnly(_ connection: SQLiteConnection, path: String) throws(EventLogError) {
        let exists = try connection.scalarInt("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'") ?? 0
        guard exists == 1 else {
            throw .migrationMismatch("\(path) is not a Callplane event log (no schema_migrations table); open it read-write once to create it")
        }
        let recorded = try Self.recorded(connection)
        try check(recorded)
        let current = recorded.last?.version ?? 0
        guard current == codeVersion else {
            throw .migrationMismatch(
                "\(path) is at schema version \(current), this build needs \(codeVersion); a read-only open cannot migrate, open it read-write once")
        }
    }

    /// Refuses a newer database, and recorded rows that disagree with the bundled files.
    private func check(_ recorded: [Recorded]) throws(EventLogError) {
        if let newest = recorded.last, newest.version > codeVersion {
            throw .databaseNewerThanCode(databaseVersion: newest.version, codeVersion: codeVersion)
        }
        for (index, row) in recorded.enumerated() {
            guard row.version == index + 1 else {
                throw .migrationMismatch("recorded migrations are not 1, 2, 3 …: found \(row.version) at place \(index + 1)")
            }
            let bundled = migrations[index]
            guard bundled.name == row.name, bundled.sha256 == row.sha256 else {
                throw .migrationMismatch(
                    "migration \(row.version) was recorded as \(row.name) (sha256 \(row.sha256)) but this build bundles \(bundled.name) (sha256 \(bundled.sha256)); landed migration files must never be edited"
                )
            }
        }
    }

    private static func recorded(_ connection: SQLiteConnection) throws(EventLogError) -> [Recorded] {
        let select = try connection.prepare("SELECT version, name, sha256 FROM schema_migrations ORDER BY version")
        var rows: [Recorded] = []
        while try select.step() {
            rows.append(Recorded(version: Int(select.int64(0)), name: select.string(1), sha256: select.string(2)))
        }
        return rows
    }
}
