import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The SRM server's files (`--data-dir`, docs/srm.md): the allow-list `systems.json`, the
/// technicians' accounts `technicians.json`, and its own CA and server certificate.
///
/// The CLI changes the files while `serve` runs, and the server reads the allow-list at every
/// hello and the accounts at every login, so an added system or technician needs no restart.
/// Each file is replaced whole (written to a temporary file, then renamed), so a reader sees the
/// old or the new file, never half of one. Files are mode 0600 and the directory 0700: they
/// hold hashes and the CA's key.
public struct SRMDataDirectory: Sendable, Hashable {
    public let path: String

    public init(path: String) {
        self.path = path
    }

    func file(_ name: String) -> String {
        (path as NSString).appendingPathComponent(name)
    }

    func exists(_ name: String) -> Bool {
        FileManager.default.fileExists(atPath: file(name))
    }

    func create() throws(SRMServerError) {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw SRMServerError("the data directory \(path) is a file") }
            return
        }
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw SRMServerError("cannot create the data directory \(path): \(error.localizedDescription)")
        }
    }

    func readText(_ name: String) throws(SRMServerError) -> String? {
        guard exists(name) else { return nil }
        do {
            return try String(contentsOfFile: file(name), encoding: .utf8)
        } catch {
            throw SRMServerError("cannot read \(file(name)): \(error.localizedDescription)")
        }
    }

    /// The decoded file, or `absent` when there is none yet.
    func read<Value: Decodable>(_ type: Value.Type, from name: String, absent: Value) throws(SRMServerError) -> Value {
        guard let text = try readText(name) else { return absent }
        do {
            return try JSONDecoder().decode(type, from: Data(text.utf8))
        } catch {
            throw SRMServerError("\(file(name)) is not a valid \(name): \(error)")
        }
    }

    func write<Value: Encodable>(_ value: Value, to name: String) throws(SRMServerError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data: Data
        do {
            data = try encoder.encode(value)
        } catch {
            throw SRMServerError("cannot encode \(name): \(error)")
        }
        try writeAtomically(Array(data) + [UInt8(ascii: "\n")], to: name)
    }

    /// Writes a temporary file of mode 0600 beside the target, flushes it, and renames it over
    /// the target.
    func writeAtomically(_ bytes: [UInt8], to name: String) throws(SRMServerError) {
        try create()
        let target = file(name)
        let temporary = "\(target).\(getpid()).tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw Self.failure("create", temporary) }
        var written = 0
        while written < bytes.count {
            let count = bytes.withUnsafeBytes { writeDescriptor(descriptor, $0.baseAddress! + written, bytes.count - written) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else {
                let error = Self.failure("write", temporary)
                close(descriptor)
                unlink(temporary)
                throw error
            }
            written += count
        }
        guard fchmod(descriptor, 0o600) == 0, fsync(descriptor) == 0 else {
            let error = Self.failure("flush", temporary)
            close(descriptor)
            unlink(temporary)
            throw error
        }
        close(descriptor)
        guard rename(temporary, target) == 0 else {
            let error = Self.failure("rename onto \(target)", temporary)
            unlink(temporary)
            throw error
        }
    }

    private static func failure(_ action: String, _ file: String) -> SRMServerError {
        SRMServerError("cannot \(action) \(file): \(String(cString: strerror(errno)))")
    }
}

/// The C `write`, which the directory's own `write(_:to:)` hides inside the type.
private func writeDescriptor(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    write(descriptor, bytes, count)
}
