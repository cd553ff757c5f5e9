import Connectors
import Domain
import EventMessages
import Foundation

/// Issue 17's e-mail figure ("ops/bench: e-mails/s to aiosmtpd"): e-mails per second from the
/// e-mail destination's path — ``EventMessageMail/compose(batch:systemName:sender:recipient:destination:)``
/// of a batch of one event message, then ``SMTPClient/send(_:to:password:timeoutSeconds:)`` —
/// to a real aiosmtpd on 127.0.0.1 (``EmailBenchPeer``), one e-mail at a time as one e-mail
/// destination sends, each its own SMTP session with STARTTLS and AUTH PLAIN against a
/// self-signed certificate given as the server's `caFile`.
///
/// The baseline, in the same run against the same peer: Python's smtplib (Debian's
/// `/usr/bin/python3`) sending the same rendered bytes with the same dialogue — one connection
/// per e-mail, EHLO, STARTTLS, EHLO, AUTH PLAIN without an initial response (as libcurl sends
/// it: the credentials after the server's 334), MAIL with SIZE, RCPT, DATA, QUIT — and the same
/// certificate verification. Its script is written into the bench's data directory; each window
/// is one run of it, timed by the script itself, so the interpreter's start-up is not counted.
///
/// Windows (5 of 200 e-mails; 10 with `--smoke`) alternate Callplane and smtplib, each after
/// one untimed e-mail; the figure is the median of the windows and the ratio the median of the
/// per-window ratios. No issue sets a rate, so the figure is informational; a second figure
/// checks that aiosmtpd accepted every e-mail Callplane sent, over TLS, authenticated, with the
/// bytes sent (lost = sent − accepted must be 0).
struct EmailBench {
    let options: CallplaneBench.Options
    static let python = "/usr/bin/python3"
    static let user = "alerts@example.com"
    static let password = "Bench-Mail.1"
    static let sender = "pbx@example.com"
    static let recipient = "ops@example.net"
    static let destination = "email"
    static let systemName = "PBX Bench"
    /// The e-mail destination's timeout (``EmailConnector``'s default).
    static let timeoutSeconds = 30
    /// Untimed e-mails before each window (each smtplib window is a fresh interpreter).
    static let warmUp = 1

    /// The batch of one: a critical negative message with the catalogue's parameters, so the
    /// body has names, a coded value with its meaning, a time and a node.
    static let batch = [
        EventMessageDelivery(
            position: 4_711,
            message: EventMessage(
                number: 42, type: "sip_account_not_available", code: 108, severity: .critical, polarity: .negative,
                parameters: ["provider": "carrier", "account": "4711", "cause": "0"], node: 1, at: 1_767_225_600_000_000, simulated: false,
                tables: [3], destinations: [destination]))
    ]

    /// The e-mail the destination makes of ``batch``.
    static func mail() -> SMTPMail {
        EventMessageMail.compose(batch: batch, systemName: systemName, sender: sender, recipient: recipient, destination: destination)
    }

    /// Debian's interpreter with its own modules: nothing of a pyenv's `PYTHON…` settings.
    static var pythonEnvironment: [String: String] {
        ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("PYTHON") }
    }

    func run() async throws -> [BenchFigure] {
        guard FileManager.default.isExecutableFile(atPath: Self.python) else {
            throw BenchError("\(Self.python) is missing (ops/install-deps installs python3-aiosmtpd for it)")
        }
        let directory = (options.directory as NSString).appendingPathComponent("email")
        func file(_ name: String) -> String { (directory as NSString).appendingPathComponent(name) }
        try? FileManager.default.removeItem(atPath: directory)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let (certificate, key) = try Self.makeCertificate(in: directory)
        let rendered = Self.mail().rendered
        try Data(rendered).write(to: URL(fileURLWithPath: file("message.eml")))
        try Data(Self.baselineScript.utf8).write(to: URL(fileURLWithPath: file("smtplib_baseline.py")))

        let peer = try EmailBenchPeer(
            python: Self.python, directory: directory, certificate: certificate, key: key, password: Self.password,
            expected: .init(user: Self.user, recipient: Self.recipient, data: String(decoding: rendered, as: UTF8.self)))
        defer { peer.stop() }
        let port = try await peer.waitReady()
        let server = SMTPServerSettings(
            host: "127.0.0.1", port: port, security: .starttls, authentication: .plain, user: Self.user, sender: Self.sender, caFile: certificate)
        let client = SMTPClient()
        let count = options.emailsPerWindow
        let baseline = [
            Self.python, file("smtplib_baseline.py"), "127.0.0.1", String(port), Self.user, Self.password, certificate, file("message.eml"),
            Self.sender, Self.recipient, String(count), String(Self.warmUp),
        ]

        var ours: [Double] = [], theirs: [Double] = []
        var sent = 0, accepted = 0, intact = 0
        var baselineSent = 0, baselineAccepted = 0, baselineIntact = 0
        // Milliseconds per e-mail, for the window lines: elapsed, the client's CPU, the peer's CPU.
        func perMail(_ seconds: Double) -> Double { seconds * 1_000 / Double(count + Self.warmUp) }
        for window in 1...max(1, options.emailWindows) {
            var before = peer.counts
            var peerCPU = peer.cpuSeconds
            let clientCPU = Self.ownCPUSeconds()
            let seconds = try await Self.send(count, through: client, to: server)
            sent += count + Self.warmUp
            var after = try await peer.waitAccepted(before.accepted + count + Self.warmUp)
            let ourCPU = (perMail(Self.ownCPUSeconds() - clientCPU), perMail(peer.cpuSeconds - peerCPU))
            accepted += after.accepted - before.accepted
            intact += after.intact - before.intact
            before = after
            peerCPU = peer.cpuSeconds
            let (baselineSeconds, baselineCPU) = try Self.runBaseline(
                baseline, output: file("smtplib-\(window).out"), error: file("smtplib-\(window).err"))
            baselineSent += count + Self.warmUp
            after = try await peer.waitAccepted(before.accepted + count + Self.warmUp)
            let theirCPU = (perMail(baselineCPU), perMail(peer.cpuSeconds - peerCPU))
            baselineAccepted += after.accepted - before.accepted
            baselineIntact += after.intact - before.intact
            ours.append(Double(count) / seconds)
            theirs.append(Double(count) / baselineSeconds)
            print(
                String(
                    format:
                        "email window %d: SMTPClient %.1f e-mails/s (%.2f ms each; CPU per e-mail %.2f ms ours, %.2f ms aiosmtpd), smtplib %.1f e-mails/s (%.2f ms each; CPU %.2f ms smtplib, %.2f ms aiosmtpd)",
                    window, ours.last!, seconds * 1_000 / Double(count), ourCPU.0, ourCPU.1, theirs.last!, baselineSeconds * 1_000 / Double(count),
                    theirCPU.0, theirCPU.1))
        }
        print(
            "email totals: SMTPClient sent \(sent), aiosmtpd accepted \(accepted) (\(intact) intact); smtplib sent \(baselineSent), accepted \(baselineAccepted) (\(baselineIntact) intact)"
        )
        guard baselineAccepted == baselineSent, baselineIntact == baselineAccepted else {
            throw BenchError("the smtplib baseline lost \(baselineSent - baselineAccepted) e-mail(s), \(baselineAccepted - baselineIntact) arrived altered")
        }
        return [
            BenchFigure(
                name: "e-mails/s, one at a time, each its own session with STARTTLS and AUTH PLAIN (EventMessageMail → SMTPClient → aiosmtpd)",
                runs: ours, unit: "e-mails/s", baselineName: "Python smtplib, same sessions and bytes", baselineRuns: theirs, target: .informational),
            BenchFigure(
                name:
                    "e-mails aiosmtpd accepted intact from SMTPClient (TLS, authenticated, the bytes sent; lost \(sent - accepted), altered \(accepted - intact))",
                value: Double(intact), unit: "e-mails", baselineName: "sent", baseline: Double(sent), target: .ratioAtLeast(1)),
        ]
    }

    /// `count` e-mails through `client`, one after the other, after ``warmUp`` untimed ones;
    /// the seconds the timed ones took. Each is composed from the batch as the destination does.
    private static func send(_ count: Int, through client: SMTPClient, to server: SMTPServerSettings) async throws -> Double {
        func sendOne() async throws {
            do {
                try await client.send(mail(), to: server, password: password, timeoutSeconds: timeoutSeconds)
            } catch {
                throw BenchError("SMTPClient: \(error)")
            }
        }
        for _ in 0..<warmUp { try await sendOne() }
        let started = ContinuousClock.now
        for _ in 0..<count { try await sendOne() }
        return (ContinuousClock.now - started).seconds
    }

    /// One window of the baseline: the script's own timing of its timed sends, and the CPU its
    /// process used for all of them (warm-up included), in seconds.
    private static func runBaseline(_ arguments: [String], output: String, error: String) throws -> (seconds: Double, cpu: Double) {
        let pid = try Spawn.start(arguments, environment: pythonEnvironment, output: .file(output), error: .file(error))
        let status = Spawn.wait(pid)
        let printed = ((try? String(contentsOfFile: output, encoding: .utf8)) ?? "").split(separator: " ").compactMap {
            Double($0.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        guard status == 0, printed.count == 2, printed[0] > 0 else {
            let said = ((try? String(contentsOfFile: error, encoding: .utf8)) ?? "").split(separator: "\n").suffix(3).joined(separator: " | ")
            throw BenchError("the smtplib baseline failed (exit \(status.map(String.init) ?? "by a signal")): \(said)")
        }
        return (printed[0], printed[1])
    }

    /// CPU seconds this process has used, user and system: libcurl's sessions, and our reader
    /// of the peer's lines.
    private static func ownCPUSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }

    /// A self-signed certificate for 127.0.0.1 from the `openssl` command, as the SMTP client's
    /// tests make theirs; it is the server's certificate and, as `caFile`, its only root.
    static func makeCertificate(in directory: String) throws -> (certificate: String, key: String) {
        guard let openssl = ["/usr/bin/openssl", "/usr/local/bin/openssl"].first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw BenchError("openssl is not installed")
        }
        let certificate = (directory as NSString).appendingPathComponent("peer.crt")
        let key = (directory as NSString).appendingPathComponent("peer.key")
        let log = (directory as NSString).appendingPathComponent("openssl.log")
        let pid = try Spawn.start(
            [
                openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=localhost", "-addext",
                "subjectAltName=DNS:localhost,IP:127.0.0.1", "-keyout", key, "-out", certificate,
            ], environment: ProcessInfo.processInfo.environment, error: .file(log))
        guard Spawn.wait(pid) == 0 else { throw BenchError("openssl req failed (see \(log))") }
        return (certificate, key)
    }

    /// The baseline's sender: the same session, step for step, as libcurl's (see the type's
    /// documentation); prints the seconds of the timed sends and the CPU seconds of all.
    static let baselineScript = #"""
        import smtplib
        import socket
        import ssl
        import sys
        import time

        host, port, user, password, cafile, path, sender, recipient, count, warm = sys.argv[1:]
        port, count, warm = int(port), int(count), int(warm)
        with open(path, "rb") as file:
            message = file.read()
        # Verifies the server's certificate and its name (127.0.0.1) against the one root, as libcurl does.
        context = ssl.create_default_context(cafile=cafile)
        # Once: without it smtplib asks socket.getfqdn() for every connection.
        name = socket.gethostname()


        def send():
            with smtplib.SMTP(host, port, local_hostname=name, timeout=30) as smtp:
                smtp.starttls(context=context)
                smtp.ehlo()
                smtp.user, smtp.password = user, password
                smtp.auth("PLAIN", smtp.auth_plain, initial_response_ok=False)
                refused = smtp.sendmail(sender, [recipient], message)
                if refused:
                    raise SystemExit(f"refused: {refused}")


        cpu = time.process_time()
        for _ in range(warm):
            send()
        start = time.perf_counter()
        for _ in range(count):
            send()
        print(time.perf_counter() - start, time.process_time() - cpu)
        """#
}
