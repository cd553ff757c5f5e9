import Domain
import Foundation
import Synchronization
import Testing

/// `python3 Tests/Integration/peers.py syslog|webhook …` as a subprocess: the peers the
/// integration tests use, so both sides agree on what a valid delivery is, checked by a parser
/// and an HMAC written independently of the connectors.
///
/// Each received message arrives as one JSON line on the peer's stdout; ``records`` holds them.
final class PythonPeer {
    static let script = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Integration/peers.py").path

    let port: Int
    private let process: Process
    private let lines: LineCollector

    /// An HTTPS webhook receiver answering `status`.
    static func webhook(certificate: TestCertificate, secret: String, status: Int = 200) async throws -> PythonPeer {
        try await PythonPeer([
            "webhook", "--cert", certificate.certificate, "--key", certificate.key, "--secret", secret,
            "--status", String(status),
        ])
    }

    /// A syslog collector; `certificate` for TLS.
    static func syslog(_ transport: SyslogTransport, certificate: TestCertificate? = nil) async throws -> PythonPeer {
        try await PythonPeer(
            ["syslog", "--transport", transport.rawValue]
                + (certificate.map { ["--cert", $0.certificate, "--key", $0.key] } ?? []))
    }

    /// `script` and `interpreter` name another peer with the same protocol (``smtp(…)`` runs
    /// its aiosmtpd server with Debian's `/usr/bin/python3`, where `python3-aiosmtpd` lives).
    init(_ arguments: [String], script: String = PythonPeer.script, interpreter: String = "python3") async throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [interpreter, script] + arguments + ["--port", "0"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        let lines = LineCollector(reading: output.fileHandleForReading)
        try process.run()
        let ready = await eventually { !lines.lines.isEmpty }
        guard ready, let port = lines.lines.first.flatMap(Self.object)?["port"] as? Int else {
            process.terminate()
            throw PeerError.notReady(lines.lines.first ?? "no output")
        }
        self.process = process
        self.lines = lines
        self.port = port
    }

    /// SIGTERM, then SIGKILL if the peer is still there after 5 s: a test never hangs on it.
    deinit {
        process.terminate()
        let deadline = Date().addingTimeInterval(5)
        while process.isRunning && Date() < deadline { usleep(10_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    /// The receiver's URL (webhook mode).
    var url: String { "https://127.0.0.1:\(port)/events" }

    /// One object per received message. Webhook: `message`, `raw_body`, `headers`,
    /// `idempotency_key`, `timestamp`, `signature_ok`, `status`. Syslog: the parsed RFC 5424
    /// fields (`pri`, `msgid`, `sd`, `msg` …).
    var records: [[String: Any]] { lines.lines.dropFirst().compactMap(Self.object) }

    /// Waits until `count` messages arrived (or 10 s pass) and returns what arrived by then.
    func records(count: Int) async -> [[String: Any]] {
        _ = await eventually { records.count >= count }
        return records
    }

    private static func object(_ line: String) -> [String: Any]? {
        (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any]
    }

    enum PeerError: Error { case notReady(String) }
}

/// Reads a pipe on a thread of its own and keeps its complete lines.
private final class LineCollector: Sendable {
    private let state = Mutex<(lines: [String], partial: [UInt8])>(([], []))

    init(reading handle: FileHandle) {
        Thread.detachNewThread { [self] in
            while true {
                let data = handle.availableData
                if data.isEmpty { return }
                state.withLock { state in
                    state.partial.append(contentsOf: data)
                    while let newline = state.partial.firstIndex(of: UInt8(ascii: "\n")) {
                        state.lines.append(String(decoding: state.partial[..<newline], as: UTF8.self))
                        state.partial.removeSubrange(...newline)
                    }
                }
            }
        }
    }

    var lines: [String] { state.withLock { $0.lines } }
}
