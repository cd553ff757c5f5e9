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
/// stale lock behind; the file keeps the holder's pid for the message, not for the decision.
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
        let pid = Array("\(getpid())\n".utf8)
        _ = ftruncate(descriptor, 0)
        _ = pid.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
        self.descriptor = descriptor
    }

    /// Gives the directory up before the process ends (it is given up at exit anyway).
    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }

    /// The pid the holder wrote, if it is readable.
    private static func holder(_ descriptor: Int32) -> Int32? {
        var bytes = [UInt8](repeating: 0, count: 32)
        let count = bytes.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return nil }
        return Int32(String(decoding: bytes[..<count], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    }
}
