import Foundation

/// Issue 15's SIP figures: calls per second through the B2BUA (``callFigures``), and digest
/// REGISTERs per second through the registrar — sipp as
/// the phones (one registration per call: REGISTER, 401, REGISTER with MD5 credentials, 200),
/// against the release `callplane serve` next to this binary with 1,000 terminals configured,
/// beside sipp against sipp answering the same exchange (no digest check, no table, no log) in
/// the same run. Every call refreshes one terminal's binding with a Call-ID of its own (sipp
/// 3.6's authentication takes one user name per run), which is what a registrar mostly does.
///
/// Each measurement steps the offered rate up, 5 s per step, and reports the highest rate at
/// which every registration succeeded without a single retransmission, as the issue asks; sipp
/// and the server share the machine's 2 cores, as they would on the machine.
struct SIPBench {
    let options: CallplaneBench.Options
    static let terminals = 1_000
    static let password = "Bench-Terminal.1"
    /// Every sipp's socket buffers, as large as the server's SIP listener asks for its own
    /// (`SIPListeners.datagramReceiveBuffer`): with sipp's 64 KiB a burst overflowed the peers'
    /// sockets, and a drop counts as a retransmission on either side of the comparison.
    static let socketBuffer = ["-buff_size", String(4 << 20)]
    static let rates = [250, 500, 1_000, 2_000, 3_000, 4_000, 5_000, 6_000, 8_000, 10_000, 12_000, 16_000]

    func run() async throws -> [BenchFigure] {
        guard let sipp = ["/usr/bin/sipp", "/usr/local/bin/sipp"].first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw BenchError("sipp is not installed (ops/install-deps installs Debian's sip-tester)")
        }
        let scenarios = FileManager.default.currentDirectoryPath + "/ops/bench-sip"
        guard FileManager.default.fileExists(atPath: scenarios + "/register-uac.xml") else {
            throw BenchError("the sipp scenarios are not in \(scenarios) (run from the repository's root, as ops/bench does)")
        }
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("callplane").path
        guard FileManager.default.isExecutableFile(atPath: binary) else { throw BenchError("no server binary at \(binary) (ops/bench builds it)") }
        let directory = (options.directory as NSString).appendingPathComponent("sip")
        try? FileManager.default.removeItem(atPath: directory)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let port = 19_100 + Int(getpid() % 500) * 2
        let httpPort = 17_000 + Int(getpid() % 1_000)
        let server = try Spawn.start(
            [
                binary, "serve", "--data-dir", directory, "--http-port", String(httpPort), "--snmp-address", "off", "--log-level", "warning",
                "--sip-listen", "udp:127.0.0.1:\(port)", "--sip-digest-algorithms", "MD5",
            ],
            environment: ProcessInfo.processInfo.environment, error: .file((directory as NSString).appendingPathComponent("server.log")))
        defer { Spawn.stop(server) }
        let client = APIBench.Client(base: "http://127.0.0.1:\(httpPort)")
        try await client.waitReady()
        let token = try await client.firstLogin(password: APIBench.password)
        // A load test from one address is what the DoS protection exists to stop.
        try await client.send(
            "PUT", "/api/v1/sip/dos-protection", token: token,
            body: [
                "failedRegistrations": 0, "transactions": 0, "requestsWithoutSession": 100, "modifiedMessages": 100, "windowSeconds": 60,
                "blockSeconds": 600,
            ])
        let count = options.smoke ? 20 : Self.terminals
        for index in 0..<count {
            try await client.send(
                "POST", "/api/v1/terminals", token: token,
                body: ["kind": "standard_sip", "registrationName": "b\(index)", "password": Self.password])
        }
        // The last one created: the registrar must find it among all the others.
        let name = "b\(count - 1)"

        // The held-call memory first, against a server that has served nothing yet (its resident
        // set never shrinks back after a ladder); the call ladder last, because one that
        // overloads the server gets 127.0.0.1 blocked by the DoS protection for 10 minutes.
        let callSetup = try await prepareCalls(sipp, scenarios, client: client, token: token, port: port, directory: directory)
        try await heldCallMemory(sipp, scenarios, setup: callSetup, port: port, server: server, client: client, token: token, directory: directory)
        let baselinePort = port + 1
        var callplane: [Double] = []
        var baseline: [Double] = []
        for run in 1...options.runs {
            let ours = try highestRate(sipp, scenarios, name, port: port, directory: directory)
            let uas = try Spawn.start(
                [sipp, "-sf", scenarios + "/register-uas.xml", "-i", "127.0.0.1", "-p", String(baselinePort), "-nostdin", "-t", "u1"]
                    + Self.socketBuffer,
                environment: [:], output: .file((directory as NSString).appendingPathComponent("uas.out")))
            let theirs = try Self.measure(against: uas) { try highestRate(sipp, scenarios, name, port: baselinePort, directory: directory) }
            callplane.append(ours)
            baseline.append(theirs)
            print(String(format: "sip run %d: Callplane %.0f REGISTER/s, sipp registrar %.0f REGISTER/s", run, ours, theirs))
        }
        let registers = BenchFigure(
            name: "REGISTER/s with digest (sipp → Callplane)", runs: callplane, unit: "REGISTER/s", baselineName: "sipp → sipp registrar",
            baselineRuns: baseline, target: .valueAtLeast(5_000))
        return [registers] + (try callFigures(sipp, scenarios, setup: callSetup, port: port, directory: directory))
    }

    /// Runs `measurement` against a sipp peer started for it, and stops the peer whatever happens.
    static func measure(against peer: pid_t, _ measurement: () throws -> Double) throws -> Double {
        defer { Spawn.stop(peer) }
        return try measurement()
    }

    /// The highest offered rate at which sipp completed every registration with no failure and
    /// no retransmission; 0 when even the lowest step failed.
    private func highestRate(_ sipp: String, _ scenarios: String, _ name: String, port: Int, directory: String) throws -> Double {
        try highestRate(
            sipp, scenario: scenarios + "/register-uac.xml", arguments: ["-s", name, "-au", name, "-ap", Self.password], rates: Self.rates,
            seconds: options.smoke ? 1 : 5, port: port, directory: directory)
    }

    /// Steps sipp's offered rate of `scenario` against `port` up through `rates`, `seconds` per
    /// step, and returns the highest rate at which every call succeeded without a failure or a
    /// single retransmission; 0 when even the lowest step failed.
    /// - Parameter localPort: sipp's own port, `port + 2` unless given.
    func highestRate(
        _ sipp: String, scenario: String, arguments: [String], rates: [Int], seconds: Int, port: Int, localPort: Int? = nil, directory: String
    ) throws -> Double {
        var best = 0.0
        for rate in options.smoke ? [rates[0]] : rates {
            let statistics = (directory as NSString).appendingPathComponent("uac-\(port)-\(rate).csv")
            let calls = rate * seconds
            let uac = try Spawn.start(
                [
                    sipp, "127.0.0.1:\(port)", "-sf", scenario, "-i", "127.0.0.1", "-p", String(localPort ?? port + 2), "-t", "u1", "-r", String(rate),
                    "-rp", "1000", "-m", String(calls), "-l", String(max(1_000, rate * 2)), "-nostdin", "-timeout",
                    String(seconds * 4 + 10) + "s", "-trace_stat", "-stf", statistics, "-fd", "1", "-trace_err", "-error_file",
                    (directory as NSString).appendingPathComponent("uac-\(port)-\(rate).errors"),
                ] + Self.socketBuffer + arguments, environment: [:], output: .file((directory as NSString).appendingPathComponent("uac.out")))
            let status = Spawn.wait(uac)
            let totals = try Self.lastStatistics(statistics)
            let succeeded = totals["SuccessfulCall(C)"] ?? 0
            let retransmissions = totals["Retransmissions(C)"] ?? 0
            guard status == 0, succeeded == calls, totals["FailedCall(C)"] == 0, retransmissions == 0 else { break }
            best = Double(rate)
        }
        return best
    }

    /// The cumulative counters of the last line of sipp's statistics file (`;`-separated, with a
    /// header line naming the columns).
    static func lastStatistics(_ path: String) throws -> [String: Int] {
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        guard let header = lines.first, let last = lines.last, lines.count > 1 else { return [:] }
        var values: [String: Int] = [:]
        for (name, value) in zip(header.split(separator: ";", omittingEmptySubsequences: false), last.split(separator: ";", omittingEmptySubsequences: false)) {
            if let number = Int(value) { values[String(name)] = number }
        }
        return values
    }
}
