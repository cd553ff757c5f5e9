import ATAS
import Domain
import EventMessages
import Foundation
import Logging
import NIOPosix
import NIOSSL

/// Issue 17's ATAS figure ("ops/bench: … ATAS messages/s with acknowledgements"): event
/// messages per second through the ATAS destination's path — ``ATASDestinationAdapter`` handed batches of
/// 500 as the outbox hands them, each returning once the alarm server acknowledged every message
/// with at most 16 in flight — over TLS to the tests' alarm server (`atas_client.py`, written from
/// docs/atas.md alone, in its benchmark mode: logs on, acknowledges each message as it comes).
///
/// The baseline, in the same run with the same alarm server: a Python sender (Debian's
/// `/usr/bin/python3`, standard library `ssl`) doing the same exchange — logon, then the same
/// bytes per message (the interface's own lines, ids counted on), at most 16 unacknowledged,
/// waiting for each acknowledgement — so the ratio says how much of the time is ours and how much
/// the alarm server's. Windows alternate the two; medians. No issue sets a rate: informational,
/// with a second figure checking that every message was acknowledged once and in order.
struct ATASBench {
    let options: CallplaneBench.Options
    static let client = "Tests/Integration/atas_client.py"
    static let account = "bench-desk"
    static let password = "Bench-Alarm.1"

    /// Accepts the bench's account only; nothing is recorded.
    struct BenchLogon: ATASLogon {
        func logon(account: String, password: String, address: String) async throws -> String {
            guard account == ATASBench.account, password == ATASBench.password else { throw BenchError("wrong bench credentials") }
            return account
        }
    }

    /// The bench shows no texts.
    struct NoTexts: ATASTextDelivery {
        func members(ofMessageGroup number: Int) -> [String]? { nil }
        func show(_ text: String, toUser user: String) async -> ATASTextOutcome { .unknownUser }
    }

    /// The interface's notices (a logoff per window) are not the bench's output.
    static var quietLogger: Logger {
        var logger = Logger(label: "bench.atas")
        logger.logLevel = .error
        return logger
    }

    static func delivery(_ position: Int64) -> EventMessageDelivery {
        EventMessageDelivery(
            position: position,
            message: EventMessage(
                number: position, type: "sip_account_not_available", code: 108, severity: .critical, polarity: .negative,
                parameters: ["provider": "carrier", "account": "4711", "cause": "0"], node: 1, at: 1_767_225_600_000_000, simulated: false,
                tables: [6], destinations: ["atas"]))
    }

    func run() async throws -> [BenchFigure] {
        guard FileManager.default.isExecutableFile(atPath: EmailBench.python) else { throw BenchError("\(EmailBench.python) is missing") }
        guard FileManager.default.fileExists(atPath: Self.client) else { throw BenchError("\(Self.client) is missing: run the bench from the repository") }
        let directory = (options.directory as NSString).appendingPathComponent("atas")
        func file(_ name: String) -> String { (directory as NSString).appendingPathComponent(name) }
        try? FileManager.default.removeItem(atPath: directory)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let (certificate, key) = try EmailBench.makeCertificate(in: directory)
        try Data(ATASInterface.notification(of: Self.delivery(1))).write(to: URL(fileURLWithPath: file("template.json")))
        try Data(Self.baselineScript.utf8).write(to: URL(fileURLWithPath: file("atas_baseline.py")))
        let tls = TLSConfiguration.makeServerConfiguration(
            certificateChain: try NIOSSLCertificate.fromPEMFile(certificate).map { .certificate($0) },
            privateKey: .privateKey(try NIOSSLPrivateKey(file: key, format: .pem)))
        let interface = ATASInterface(
            logon: BenchLogon(), texts: NoTexts(), cycleSeconds: { 30 }, raise: { _ in },
            now: { Int64(Date().timeIntervalSince1970 * 1_000_000) }, logger: Self.quietLogger)
        let bound = try await interface.start(ATASListenAddress(tls: true, host: "127.0.0.1", port: 0), tls: tls)
        defer { Task { await interface.stop() } }
        let adapter = ATASDestinationAdapter(interface: interface)

        let count = options.atasMessagesPerWindow
        var position: Int64 = 0
        var ours: [Double] = [], theirs: [Double] = []
        var sent = 0, acknowledgedInOrder = 0
        for window in 1...max(1, options.atasWindows) {
            // Ours: the alarm server logs on, the interface delivers `count` in batches of 500.
            let output = file("client-\(window).out")
            let pid = try Spawn.start(
                Self.clientArguments(port: bound.port, certificate: certificate, count: count), environment: EmailBench.pythonEnvironment,
                output: .file(output), error: .file(file("client-\(window).err")))
            let deadline = ContinuousClock.now + .seconds(20)
            while await interface.status().alarmServer == nil {
                guard ContinuousClock.now < deadline else { throw BenchError("the alarm server did not log on (see \(file("client-\(window).err")))") }
                try await Task.sleep(for: .milliseconds(20))
            }
            let started = ContinuousClock.now
            var left = count
            while left > 0 {
                let batch = (0..<min(500, left)).map { _ in
                    position += 1
                    return Self.delivery(position)
                }
                do {
                    try await adapter.deliver(batch)
                } catch {
                    throw BenchError("ATAS delivery failed: \(error)")
                }
                left -= batch.count
            }
            let seconds = (ContinuousClock.now - started).seconds
            guard Spawn.wait(pid) == 0 else { throw BenchError("the alarm server failed (see \(file("client-\(window).err")))") }
            sent += count
            if try Self.clientSummary(output).inOrder(count) { acknowledgedInOrder += count }
            ours.append(Double(count) / seconds)

            // The baseline: the Python sender on a port of its own, the same alarm server.
            let baselineOutput = file("baseline-\(window).out")
            let port = try LoopbackPort.free(stream: true)
            let sender = try Spawn.start(
                [
                    EmailBench.python, file("atas_baseline.py"), String(port), certificate, key, file("template.json"), String(count),
                    Self.account, Self.password,
                ], environment: EmailBench.pythonEnvironment, output: .file(baselineOutput), error: .file(file("baseline-\(window).err")))
            try await Task.sleep(for: .milliseconds(300))
            let receiver = try Spawn.start(
                Self.clientArguments(port: port, certificate: certificate, count: count), environment: EmailBench.pythonEnvironment,
                output: .file(file("baseline-client-\(window).out")), error: .file(file("baseline-client-\(window).err")))
            guard Spawn.wait(receiver) == 0, Spawn.wait(sender) == 0,
                let baselineSeconds = Double((try String(contentsOfFile: baselineOutput, encoding: .utf8)).trimmingCharacters(in: .whitespacesAndNewlines))
            else {
                throw BenchError("the Python baseline failed (see \(file("baseline-\(window).err")))")
            }
            guard try Self.clientSummary(file("baseline-client-\(window).out")).inOrder(count) else {
                throw BenchError("the Python baseline's messages arrived out of order or incomplete")
            }
            theirs.append(Double(count) / baselineSeconds)
            print(String(format: "atas window %d: ATASInterface %.0f messages/s, Python ssl sender %.0f messages/s", window, ours.last!, theirs.last!))
        }
        return [
            BenchFigure(
                name: "ATAS event messages/s with acknowledgements, TLS, ≤ 16 in flight (ATASInterface → atas_client.py)",
                runs: ours, unit: "messages/s", baselineName: "Python ssl sender, same bytes and window", baselineRuns: theirs, target: .informational),
            BenchFigure(
                name: "ATAS event messages acknowledged once, in order (lost or repeated: \(sent - acknowledgedInOrder))",
                value: Double(acknowledgedInOrder), unit: "messages", baselineName: "sent", baseline: Double(sent), target: .ratioAtLeast(1)),
        ]
    }

    static func clientArguments(port: Int, certificate: String, count: Int) -> [String] {
        [
            EmailBench.python, client, "--host", "127.0.0.1", "--port", String(port), "--ca-file", certificate, "--account", account,
            "--password", password, "--count", String(count), "--idle-timeout", "30",
        ]
    }

    /// The alarm server's last line: how many it received and whether the ids only went up.
    struct ClientSummary: Decodable {
        var done: Bool
        var received: Int
        var ids_in_order: Bool
        var duplicates: Int

        func inOrder(_ count: Int) -> Bool { done && received == count && ids_in_order && duplicates == 0 }
    }

    static func clientSummary(_ path: String) throws -> ClientSummary {
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        guard let last = lines.last, let summary = try? JSONDecoder().decode(ClientSummary.self, from: Data(last.utf8)) else {
            throw BenchError("the alarm server printed no summary in \(path)")
        }
        return summary
    }

    /// The baseline sender: accepts one alarm server, answers its logon, sends `count` lines of
    /// the template (ids 1, 2, …) with at most 16 unacknowledged, answers cycles, and prints the
    /// seconds from the first line sent to the last acknowledgement; then waits for the logoff.
    static let baselineScript = #"""
        import json, socket, ssl, sys, time
        port, cert, key, template, count, account, password = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]), sys.argv[6], sys.argv[7]
        line = open(template, "rb").read()
        head, tail = line.split(b'"id":1,', 1)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(cert, key)
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", int(port)))
        listener.listen(1)
        raw, _ = listener.accept()
        raw.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        conn = context.wrap_socket(raw, server_side=True)
        reader = conn.makefile("rb")
        def send(obj):
            conn.sendall(json.dumps(obj, separators=(",", ":")).encode() + b"\n")
        logon = json.loads(reader.readline())
        assert logon["type"] == "logon" and logon["account"] == account and logon["password"] == password, logon
        send({"type": "logon_ok", "server": "baseline", "protocol": 1, "cycleSeconds": 30, "resumeAfter": 0})
        in_flight, next_id, acknowledged = set(), 1, 0
        started = time.perf_counter()
        while acknowledged < count:
            while next_id <= count and len(in_flight) < 16:
                conn.sendall(head + b'"id":' + str(next_id).encode() + b"," + tail)
                in_flight.add(next_id)
                next_id += 1
            message = json.loads(reader.readline())
            if message["type"] == "ack":
                in_flight.remove(message["id"])
                acknowledged += 1
            elif message["type"] == "cycle":
                send({"type": "cycle_ok"})
        seconds = time.perf_counter() - started
        while True:
            text = reader.readline()
            if not text:
                break
            message = json.loads(text)
            if message["type"] == "cycle":
                send({"type": "cycle_ok"})
            elif message["type"] == "logoff":
                send({"type": "logoff_ok"})
                break
        conn.close()
        print(seconds)
        """#
}
