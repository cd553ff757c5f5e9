import EventLog
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The database, its WAL and shared memory are 0600 and a new directory 0700, whatever the
/// umask (issue 13, point 20: they were 0644 and 0755).
@Suite(.serialized) struct FileModeTests {
    static func mode(_ path: String) -> mode_t {
        var status = stat()
        guard stat(path, &status) == 0 else { return 0o7777 }
        return status.st_mode & 0o777
    }

    @Test("a new log is owner-only under a permissive umask, and an older install's files are tightened")
    func ownerOnly() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("callplane-modes-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let path = root.appendingPathComponent("data/callplane.sqlite").path
        // The umask is the process's; the permissive one lasts only while the log opens.
        let previous = umask(0)
        let log: EventLog
        do {
            defer { umask(previous) }
            log = try EventLog.open(path: path)
        }
        _ = try await log.append(AppendRequest(events: [ProposedEvent(stream: "s", type: "t", actor: "a", source: "b", payload: "{}")]))
        #expect(Self.mode(root.appendingPathComponent("data").path) == 0o700)
        for file in [path, path + "-wal", path + "-shm"] {
            #expect(FileManager.default.fileExists(atPath: file), "\(file)")
            #expect(Self.mode(file) == 0o600, "\(file) is \(String(Self.mode(file), radix: 8))")
        }
        await log.close()

        for file in [path, path + "-wal", path + "-shm"] where FileManager.default.fileExists(atPath: file) { chmod(file, 0o644) }
        let reopened = try EventLog.open(path: path)
        for file in [path, path + "-wal", path + "-shm"] where FileManager.default.fileExists(atPath: file) {
            #expect(Self.mode(file) == 0o600, "\(file) was not tightened")
        }
        await reopened.close()
    }
}
