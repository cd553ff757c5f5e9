import Foundation

/// The claim of one process on a data directory: `callplane serve` holds it while it runs, and
/// the offline tools that write the log (`accounts reset`) take it for their moment.
///
/// Two writers on one log would both be correct about the chain (the writer reloads its head
/// when another connection committed), but two servers would each deliver every event message
/// to every destination, and an offline reset under a running server would be folded by the
/// server only at its next start. So the second claimant is refused, naming the process that
/// holds the directory. The claim is an exclusive `flock(2)` on `callplane.lock`, which the
/// kernel drops when the holder exits in any way (kill -9 included), so a crash never leaves a
/// stale lock behind. The file itself stays empty — a refused start changes nothing in the
/// directory — and the holder's pid for the message comes from the kernel's list of locks.
public final class DataDirectoryLock: Sendable {
    public static let fileName = "callplane.lock"

    private let descriptor: Int32
    public let path: String

    /// Takes the directory for this process, or throws naming who holds it.
    public init(dataDirectory: String) throws {
        path = (dataDirectory as NSString).appendingPathComponent(Self.fileName)
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw ServerSettingsError(
                setting: ServerSettings.Key.dataDirectory, rule: "cannot open \(path): \(String(cString: strerror(errno)))")
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let reason = errno
            let holder = Self.holder(descriptor)
            close(descriptor)
            guard reason == EWOULDBLOCK else {
                throw ServerSettingsError(
                    setting: ServerSettings.Key.dataDirectory, rule: "cannot lock \(path): \(String(cString: strerror(reason)))")
            }
            throw ServerSettingsError(
                setting: ServerSettings.Key.dataDirectory,
                rule: "\(dataDirectory) is in use by another Callplane process\(holder.map { " (pid \($0))" } ?? ""): stop it first")
        }
        self.descriptor = descriptor
    }

    /// Gives the directory up before the process ends (it is given up at exit anyway).
    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }

    /// The pid holding the flock on the open file, from `/proc/locks` (Linux): its lines read
    /// `1: FLOCK  ADVISORY  WRITE <pid> <major>:<minor>:<inode> 0 EOF`. Matched on the inode
    /// alone, which only the message depends on; `nil` where the list is not available.
    private static func holder(_ descriptor: Int32) -> Int32? {
        var status = stat()
        guard fstat(descriptor, &status) == 0, let locks = try? String(contentsOfFile: "/proc/locks", encoding: .utf8) else { return nil }
        let inode = String(status.st_ino)
        for line in locks.split(separator: "\n") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count >= 6, fields[1] == "FLOCK", fields[5].split(separator: ":").last.map(String.init) == inode else { continue }
            return Int32(fields[4])
        }
        return nil
    }
}
