import Foundation

/// One run of net-snmp's own `snmpbulkwalk` as a subprocess, the way an NMS operator reads a
/// table: how many varbinds it printed under `root` and how long it took, from its start to its
/// exit. A walk that exits non-zero (timeout, error status, OIDs not increasing) throws.
struct SNMPWalk: Sendable {
    struct Result: Sendable {
        var varbinds: Int
        var seconds: Double
        /// The varbinds as the tool printed them (name, type, value), when ``keepsLines`` is set.
        var lines: [String] = []
    }

    /// `snmpbulkwalk`, found on `PATH`.
    var executable: String
    /// In net-snmp's notation, e.g. `udp:127.0.0.1:16161`.
    var address: String
    var community: String
    var root: [UInt32]
    /// GETBULK max-repetitions (`-Cr`), the same for every agent compared.
    var maxRepetitions: Int
    /// An empty directory given as `SNMPCONFPATH`, so no `snmp.conf` of the machine or of the
    /// user changes what the tool sends.
    var configDirectory: String
    /// Whether the result keeps the printed varbinds, to compare what two agents serve.
    var keepsLines = false

    var rootText: String { root.map(String.init).joined(separator: ".") }

    /// Runs the walk on a thread outside Swift's cooperative pool: waiting for a subprocess must
    /// not take one of the pool's threads (two on this machine) from the tasks being measured.
    func run() async throws -> Result {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(with: Swift.Result { try runBlocking() }) }
        }
    }

    func runBlocking() throws -> Result {
        // -On: numeric names, so the count does not depend on which MIB modules the tool finds;
        // -r 0: a single lost or late answer fails the walk instead of hiding in a retry.
        let arguments = [executable, "-v2c", "-c", community, "-Cr\(maxRepetitions)", "-On", "-t", "5", "-r", "0", address, rootText]
        var environment = ProcessInfo.processInfo.environment
        environment["SNMPCONFPATH"] = configDirectory
        // Standard error goes to a file: a pipe nobody drains while standard output is read
        // could fill and stall the tool.
        let errorPath = (configDirectory as NSString).appendingPathComponent("walk-\(UUID().uuidString).err")
        defer { try? FileManager.default.removeItem(atPath: errorPath) }
        let output = try Spawn.pipe()

        let started = ContinuousClock.now
        let pid: pid_t
        do {
            defer { close(output.write) }
            pid = try Spawn.start(arguments, environment: environment, output: .descriptor(output.write), error: .file(errorPath))
        } catch {
            close(output.read)
            throw error
        }
        var printed: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = read(output.read, &buffer, buffer.count)
            if count > 0 {
                printed.append(contentsOf: buffer[..<count])
            } else if count == 0 || errno != EINTR {
                break
            }
        }
        close(output.read)
        let status = Spawn.wait(pid)
        let elapsed = ContinuousClock.now - started

        guard status == 0 else {
            let errors = (try? String(contentsOfFile: errorPath, encoding: .utf8)) ?? ""
            throw BenchError(
                "snmpbulkwalk of \(rootText) at \(address) failed (\(status.map { "exit status \($0)" } ?? "killed by a signal")): \(errors.prefix(500))")
        }
        // With -On every varbind's line starts with its numeric name; a value that spans lines
        // does not start a line with it, and "No Such Object" for an empty subtree names the
        // root itself, not something below it.
        let prefix = Array(".\(rootText).".utf8)
        let lines = printed.split(separator: UInt8(ascii: "\n"))
        let varbinds = lines.count { $0.starts(with: prefix) }
        return Result(varbinds: varbinds, seconds: elapsed.seconds, lines: keepsLines ? lines.map { String(decoding: $0, as: UTF8.self) } : [])
    }
}
