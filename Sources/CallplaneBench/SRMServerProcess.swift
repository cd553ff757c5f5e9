import Foundation
import Synchronization

/// The release `callplane-srm` next to this binary, for the SRM figures: its own data directory
/// and CA, one system on its allow-list (the secret it issued kept here), serving on a loopback
/// port of its own until ``stop()``.
final class SRMServerProcess: Sendable {
    let port: Int
    let secret: String
    /// The CA's PEM, which the agent trusts.
    let authority: String
    let directory: String
    let binary: String
    private let pid: pid_t
    private let sequences = Mutex<Int64>(1)

    init(directory: String, systemID: String) throws {
        binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("callplane-srm").path
        guard FileManager.default.isExecutableFile(atPath: binary) else { throw BenchError("no callplane-srm at \(binary) (ops/bench builds it)") }
        self.directory = directory
        try? FileManager.default.removeItem(atPath: directory)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let data = (directory as NSString).appendingPathComponent("data")
        secret = try Self.capture([binary, "system", "add", systemID, "--data-dir", data], in: directory).trimmingCharacters(in: .whitespacesAndNewlines)
        authority = try Self.capture([binary, "ca", "--data-dir", data], in: directory)
        try Self.capture([binary, "technician", "add", "bench", "--data-dir", data], in: directory, input: "bench-technician-1\n")
        port = 19_000 + Int(getpid() % 1_000)
        pid = try Spawn.start(
            [binary, "serve", "--data-dir", data, "--port", String(port), "--log-level", "warning"], environment: ProcessInfo.processInfo.environment,
            output: .file((directory as NSString).appendingPathComponent("serve.out")),
            error: .file((directory as NSString).appendingPathComponent("serve.log")))
        let listening = (directory as NSString).appendingPathComponent("serve.out")
        for _ in 0..<600 {
            if let text = try? String(contentsOfFile: listening, encoding: .utf8), text.contains("listening on") { return }
            usleep(100_000)
        }
        Spawn.stop(pid)
        throw BenchError("callplane-srm did not listen within 60 s (\(directory)/serve.log)")
    }

    /// The first of `count` sequences no run used yet: the SRM server keeps a sequence once and
    /// answers a repeat without keeping it, which would be a cheaper path.
    func nextSequence(_ count: Int) -> Int64 {
        sequences.withLock { next in
            defer { next += Int64(count) }
            return next
        }
    }

    func stop() {
        Spawn.stop(pid)
    }

    /// Runs a command of `callplane-srm` to its end and returns its standard output.
    @discardableResult
    static func capture(_ arguments: [String], in directory: String, input: String? = nil) throws -> String {
        let output = (directory as NSString).appendingPathComponent("command.out")
        let (read, write) = try Spawn.pipe()
        let bytes = Array((input ?? "").utf8)
        _ = bytes.withUnsafeBytes { Foundation.write(write, $0.baseAddress, $0.count) }
        close(write)
        defer { close(read) }
        let pid = try Spawn.start(
            arguments, environment: ProcessInfo.processInfo.environment, input: .descriptor(read), output: .file(output),
            error: .file((directory as NSString).appendingPathComponent("command.err")))
        guard Spawn.wait(pid) == 0 else {
            let errors = (try? String(contentsOfFile: (directory as NSString).appendingPathComponent("command.err"), encoding: .utf8)) ?? ""
            throw BenchError("\(arguments.joined(separator: " ")) failed: \(errors)")
        }
        return try String(contentsOfFile: output, encoding: .utf8)
    }
}
