import Foundation
import Synchronization
import Testing

/// `python3 Tests/Integration/peers.py webhook …` as a subprocess: the same HTTPS receiver the
/// integration tests use, so both sides agree on what a valid delivery is.
///
/// Each received message arrives as one JSON line on the peer's stdout; ``records`` holds them.
final class WebhookPeer {
    static let script = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Integration/peers.py").path

    let port: Int
    private let process: Process
    private let lines: LineCollector

    init(certificate: TestCertificate, secret: String, status: Int = 200) async throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", Self.script, "webhook", "--port", "0", "--cert", certificate.certificate,
            "--key", certificate.key, "--secret", secret, "--status", String(status),
        ]
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

    deinit {
        process.terminate()
        process.waitUntilExit()
    }

    var url: String { "https://127.0.0.1:\(port)/events" }

    /// One object per received message: `message`, `raw_body`, `headers`, `idempotency_key`,
    /// `timestamp`, `signature_ok`, `status`.
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
