import Foundation
#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where `callplane login` keeps its session token for the commands that follow (manual §5.3).
///
/// The file holds `{"server": URL, "token": T}`: the token is used only against the server it
/// was issued by, so pointing `--server` elsewhere never hands one server's session to another.
/// A token is as good as the password until the session ends or idles out (§5.3.2), so the file
/// is written with mode 0600 in a directory created 0700, and a file others can read is
/// reported. `$CALLPLANE_SESSION_FILE` moves it (tests, several servers side by side).
struct SessionFile: Sendable {
    struct Entry: Codable, Sendable {
        var server: String
        var token: String
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    let path: String

    /// `$CALLPLANE_SESSION_FILE`, else `~/.config/callplane/session`.
    static var standard: SessionFile {
        let environment = ProcessInfo.processInfo.environment
        if let path = environment["CALLPLANE_SESSION_FILE"], !path.isEmpty { return SessionFile(path: path) }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return SessionFile(path: (home as NSString).appendingPathComponent(".config/callplane/session"))
    }

    /// The form a server URL is stored and compared in: `http://host:8080/` and
    /// `http://host:8080` are the same server.
    static func serverKey(_ url: URL) -> String {
        var text = url.absoluteString
        while text.hasSuffix("/") { text.removeLast() }
        return text
    }

    /// The token for `server`, or nil when there is no file or it belongs to another server.
    /// A file that cannot be read is reported on standard error and treated as absent, so the
    /// command still runs and the server's refusal says what is missing.
    func token(for server: URL) -> String? {
        do {
            guard let entry = try load(), entry.server == Self.serverKey(server) else { return nil }
            return entry.token
        } catch {
            FileHandle.standardError.write(Data("warning: \(error)\n".utf8))
            return nil
        }
    }

    /// The stored entry, nil when there is no file.
    func load() throws -> Entry? {
        var status = stat()
        guard stat(path, &status) == 0 else {
            if errno == ENOENT { return nil }
            throw Failure(description: "cannot read the session file \(path): \(String(cString: strerror(errno)))")
        }
        if status.st_mode & 0o077 != 0 {
            FileHandle.standardError.write(Data("warning: the session file \(path) can be read by others; run `chmod 600 \(path)` or log in again\n".utf8))
        }
        do {
            return try JSONDecoder().decode(Entry.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw Failure(description: "the session file \(path) is not {\"server\": …, \"token\": …}; run `callplane login` again")
        }
    }

    /// Replaces the file with `entry`. The bytes go to a new file created 0600 and are then
    /// renamed over the old one, so the token is never readable by others, not even for a
    /// moment, and a crash leaves either the old file or the new one.
    func save(_ entry: Entry) throws {
        let directory = (path as NSString).deletingLastPathComponent
        try Self.makeDirectory(directory.isEmpty ? "." : directory)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(entry) + Data("\n".utf8)

        let temporary = path + ".\(getpid()).tmp"
        unlink(temporary)
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_TRUNC, 0o600)
        guard descriptor >= 0 else { throw Self.failure("cannot create", temporary) }
        var written = 0
        let ok = data.withUnsafeBytes { bytes -> Bool in
            while written < bytes.count {
                let count = write(descriptor, bytes.baseAddress! + written, bytes.count - written)
                if count < 0, errno == EINTR { continue }
                guard count > 0 else { return false }
                written += count
            }
            // The umask cannot widen 0600, but a stale mode on an odd file system could.
            return fchmod(descriptor, 0o600) == 0 && fsync(descriptor) == 0
        }
        let failure = ok ? nil : Self.failure("cannot write", temporary)
        close(descriptor)
        if let failure {
            unlink(temporary)
            throw failure
        }
        guard rename(temporary, path) == 0 else {
            let failure = Self.failure("cannot replace", path)
            unlink(temporary)
            throw failure
        }
    }

    /// Removes the file; no file is not an error.
    func delete() throws {
        guard unlink(path) == 0 || errno == ENOENT else { throw Self.failure("cannot remove", path) }
    }

    /// Creates `directory` (and missing parents) when absent: the last one 0700, since it is
    /// ours; an existing directory keeps its mode, as `$CALLPLANE_SESSION_FILE` may point into
    /// a shared one.
    private static func makeDirectory(_ directory: String) throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw Failure(description: "\(directory) is not a directory") }
            return
        }
        let parent = (directory as NSString).deletingLastPathComponent
        if !parent.isEmpty, parent != directory {
            try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        }
        guard mkdir(directory, 0o700) == 0 || errno == EEXIST else { throw failure("cannot create", directory) }
    }

    private static func failure(_ what: String, _ path: String) -> Failure {
        Failure(description: "\(what) \(path): \(String(cString: strerror(errno)))")
    }
}
