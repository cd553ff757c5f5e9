import CSQLite
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

extension EventLog {
    /// The log's files are the owner's alone, whatever the umask (issue 13, point 20): the
    /// database, its WAL and its shared memory hold every configuration change with its actor
    /// and source, and the sealed secrets beside them. A new directory is made 0700, the
    /// database file is made by us 0600 before SQLite opens it (SQLite would make it 0644
    /// less the umask) — SQLite gives the WAL and the shared-memory file the database's mode —
    /// and the files of an older install are tightened to 0600 as the log opens.
    static func prepareOwnerOnlyFiles(at path: String) throws(EventLogError) {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        if !FileManager.default.fileExists(atPath: directory) {
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            } catch {
                throw .storage(code: SQLITE_CANTOPEN, message: "cannot create \(directory): \(error)")
            }
            guard chmod(directory, 0o700) == 0 else { throw failure("cannot make owner-only", directory) }
        }
        let descriptor = Glibc.open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw failure("cannot open", path) }
        defer { Glibc.close(descriptor) }
        guard fchmod(descriptor, 0o600) == 0 else { throw failure("cannot make owner-only", path) }
        for companion in [path + "-wal", path + "-shm"] where FileManager.default.fileExists(atPath: companion) {
            guard chmod(companion, 0o600) == 0 else { throw failure("cannot make owner-only", companion) }
        }
    }

    private static func failure(_ what: String, _ path: String) -> EventLogError {
        .storage(code: SQLITE_CANTOPEN, message: "\(what) \(path): \(String(cString: strerror(errno)))")
    }
}
