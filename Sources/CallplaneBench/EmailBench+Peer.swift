import Foundation
import Synchronization

/// The mail server of the e-mail figure: `Tests/ConnectorsTests/smtp_peer.py`, the aiosmtpd
/// server the SMTP client's tests send to, with STARTTLS required and AUTH required for one
/// account, run by Debian's `/usr/bin/python3` (where python3-aiosmtpd lives).
///
/// The peer prints one JSON line per accepted message on its standard output; a thread of ours
/// reads every line as it comes, so the pipe never fills and blocks the peer, and counts the
/// messages accepted and those that arrived intact: over TLS, authenticated as the account, for
/// the recipient, with the very bytes sent.
final class EmailBenchPeer: Sendable {
    /// What an intact message looks like to the peer.
    struct Expected: Sendable {
        var user: String
        var recipient: String
        /// The rendered message, as the peer gets it after removing the dot-stuffing.
        var data: String
    }

    private struct State {
        var port: Int?
        var failure: String?
        var accepted = 0
        var intact = 0
    }

    /// The peer's script, found from this file's place in the repository (as
    /// ``SNMPDTableModule/source``): the bench runs from the build tree it was built in.
    static let script = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Tests/ConnectorsTests/smtp_peer.py").path

    let pid: pid_t
    private let expected: Expected
    private let state = Mutex(State())
    private let log: String

    /// Starts the peer, its log in `directory`; ``waitReady()`` gives its port.
    init(python: String, directory: String, certificate: String, key: String, password: String, expected: Expected) throws {
        guard FileManager.default.fileExists(atPath: Self.script) else {
            throw BenchError("the SMTP peer is not at \(Self.script) (the bench runs from the checkout it was built in)")
        }
        self.expected = expected
        let log = (directory as NSString).appendingPathComponent("peer.log")
        self.log = log
        let output = try Spawn.pipe()
        do {
            pid = try Spawn.start(
                [
                    python, Self.script, "--port", "0", "--security", "starttls", "--cert", certificate, "--key", key, "--user", expected.user,
                    "--password", password,
                ], environment: EmailBench.pythonEnvironment, output: .descriptor(output.write), error: .file(log))
        } catch {
            close(output.read)
            close(output.write)
            throw error
        }
        // The peer has its own copy; ours would keep the pipe from ever ending.
        close(output.write)
        Thread { [self] in self.read(output.read) }.start()
    }

    /// The peer's port once it listens; fails when it says why it cannot, or exits.
    func waitReady() async throws -> Int {
        let deadline = ContinuousClock.now + .seconds(15)
        while true {
            let (port, failure) = state.withLock { ($0.port, $0.failure) }
            if let failure { throw BenchError("SMTP peer: \(failure)") }
            if let port { return port }
            guard Spawn.isRunning(pid) else { throw BenchError("the SMTP peer exited before listening (see \(log))") }
            guard ContinuousClock.now < deadline else { throw BenchError("the SMTP peer did not listen within 15 s (see \(log))") }
            try await Task.sleep(for: .milliseconds(5))
        }
    }

    /// Messages accepted so far, and how many of them arrived intact.
    var counts: (accepted: Int, intact: Int) { state.withLock { ($0.accepted, $0.intact) } }

    /// Waits until the peer has accepted `count` messages in all, at most 5 s (a send returns
    /// only after the peer's 250 to DATA, which it gives after printing the line, so the wait
    /// is normally the time our reader takes); returns the counts either way.
    func waitAccepted(_ count: Int) async throws -> (accepted: Int, intact: Int) {
        let deadline = ContinuousClock.now + .seconds(5)
        while counts.accepted < count, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(1))
        }
        return counts
    }

    /// CPU seconds the peer has used (`/proc/PID/stat` fields 14 and 15, as
    /// ``MediaRelayProcess/cpuSeconds()`` reads them); 0 when it cannot be read.
    var cpuSeconds: Double {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8), let close = stat.lastIndex(of: ")") else { return 0 }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return 0 }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    func stop() {
        Spawn.stop(pid)
    }

    private func read(_ descriptor: Int32) {
        defer { close(descriptor) }
        var buffer: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { return }
            buffer.append(contentsOf: chunk[0..<n])
            var start = 0
            while let newline = buffer[start...].firstIndex(of: UInt8(ascii: "\n")) {
                record(buffer[start..<newline])
                start = newline + 1
            }
            buffer.removeFirst(start)
        }
    }

    /// One line of the peer: the ready line first, then one per accepted message.
    private func record(_ line: ArraySlice<UInt8>) {
        guard let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any] else { return }
        if let ready = object["ready"] as? Bool {
            state.withLock { state in
                if ready {
                    state.port = object["port"] as? Int
                } else {
                    state.failure = object["error"] as? String ?? "not ready"
                }
            }
            return
        }
        let intact =
            object["tls"] as? Bool == true && object["login"] as? String == expected.user
            && object["rcpt_tos"] as? [String] == [expected.recipient] && object["data"] as? String == expected.data
        state.withLock { state in
            state.accepted += 1
            if intact { state.intact += 1 }
        }
    }
}
