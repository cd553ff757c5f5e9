import Foundation

extension SRMBench {
    /// Request latency through the SRM relay beside the same request straight to the admin API:
    /// the release `callplane serve` registered with the SRM server, remote maintenance enabled
    /// permanently, a technician's maintenance session, a Callplane login through it; then `wrk`
    /// with one connection (latency, not throughput) for `GET /api/v1/users/3000` directly and
    /// through `https://…/relay/<session>/`, the medians of its latency distribution compared.
    static func relayFigures(options: CallplaneBench.Options, peer: SRMServerProcess) async throws -> [BenchFigure] {
        guard let wrk = ["/usr/bin/wrk", "/usr/local/bin/wrk"].first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw BenchError("wrk is not installed (ops/install-deps installs it)")
        }
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("callplane").path
        guard FileManager.default.isExecutableFile(atPath: binary) else { throw BenchError("no server binary at \(binary) (ops/bench builds it)") }
        let directory = (options.directory as NSString).appendingPathComponent("srm-relay")
        try? FileManager.default.removeItem(atPath: directory)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let port = 20_000 + Int(getpid() % 1_000)
        let server = try Spawn.start(
            [
                binary, "serve", "--data-dir", (directory as NSString).appendingPathComponent("data"), "--http-port", String(port), "--snmp-address", "off",
                "--log-level", "warning",
            ],
            environment: ProcessInfo.processInfo.environment, error: .file((directory as NSString).appendingPathComponent("server.log")))
        defer { Spawn.stop(server) }
        let client = APIBench.Client(base: "http://127.0.0.1:\(port)")
        try await client.waitReady()
        let token = try await client.firstLogin(password: APIBench.password)
        try await client.send("POST", "/api/v1/users", token: token, body: ["number": "3000", "name": "Relay Bench", "email": "relay@example.com"])
        guard let systemID = try await client.send("GET", "/api/v1/system/identity", token: token)["systemId"] as? String else {
            throw BenchError("no systemId in /api/v1/system/identity")
        }
        let data = (peer.directory as NSString).appendingPathComponent("data")
        let secret = try SRMServerProcess.capture([peer.binary, "system", "add", systemID, "--data-dir", data], in: peer.directory)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        try await client.send(
            "PUT", "/api/v1/srm", token: token, body: ["host": "localhost", "port": peer.port, "secret": secret, "trustedCertificate": peer.authority])
        try await client.send("PUT", "/api/v1/remote-maintenance", token: token, body: ["mode": "permanent"])
        for _ in 0..<200 {
            let connection = try await client.send("GET", "/api/v1/srm", token: token)["connection"] as? [String: Any]
            if connection?["state"] as? String == "connected" { break }
            try await Task.sleep(for: .milliseconds(50))
        }

        let https = HTTPSCommand(directory: directory, authority: peer.authority, base: "https://localhost:\(peer.port)")
        guard let technician = try https.json("POST", "/api/v1/login", body: #"{"name":"bench","password":"bench-technician-1"}"#)["token"] as? String
        else { throw BenchError("the technician's login on the SRM server failed") }
        guard let relay = try https.json("POST", "/api/v1/systems/\(systemID)/sessions", body: "{}", token: technician)["relay"] as? String else {
            throw BenchError("no maintenance session opened (is remote maintenance enabled, the agent connected?)")
        }
        let relayed = try https.json(
            "POST", relay + "api/v1/session", body: #"{"name":"admin","password":"\#(APIBench.password)"}"#, token: technician)
        guard let relayToken = relayed["token"] as? String else { throw BenchError("no Callplane login through the relay: \(relayed)") }

        var direct: [Double] = []
        var throughRelay: [Double] = []
        for run in 1...options.runs {
            let straight = try medianLatency(
                wrk, "http://127.0.0.1:\(port)/api/v1/users/3000", headers: ["Authorization: Bearer \(token)"], options: options, directory: directory)
            let relayedLatency = try medianLatency(
                wrk, "https://localhost:\(peer.port)\(relay)api/v1/users/3000",
                headers: ["Authorization: Bearer \(technician)", "X-Callplane-Authorization: Bearer \(relayToken)"], options: options, directory: directory)
            direct.append(straight)
            throughRelay.append(relayedLatency)
            print(String(format: "srm relay run %d: GET /api/v1/users/3000 direct %.3f ms, through the SRM relay %.3f ms", run, straight, relayedLatency))
        }
        return [
            BenchFigure(
                name: "request latency through the SRM relay (GET /api/v1/users/3000, one connection, median)", runs: throughRelay, unit: "ms",
                baselineName: "the same request straight to the admin API", baselineRuns: direct, smallerIsBetter: true, target: .informational)
        ]
    }

    /// The median of `wrk --latency`'s distribution, one connection, in milliseconds; any non-2xx
    /// answer fails the figure.
    private static func medianLatency(_ wrk: String, _ url: String, headers: [String], options: CallplaneBench.Options, directory: String) throws -> Double {
        let path = (directory as NSString).appendingPathComponent("wrk.out")
        let arguments = [wrk, "-t1", "-c1", "-d\(options.wrkSeconds)s", "--latency", url] + headers.flatMap { ["-H", $0] }
        let pid = try Spawn.start(arguments, environment: [:], output: .file(path))
        guard Spawn.wait(pid) == 0 else { throw BenchError("\(arguments.joined(separator: " ")) failed") }
        let output = try String(contentsOfFile: path, encoding: .utf8)
        if output.contains("Non-2xx or 3xx responses") { throw BenchError("\(url) answered errors:\n\(output)") }
        guard let line = output.split(separator: "\n").first(where: { $0.trimmingCharacters(in: .whitespaces).hasPrefix("50%") }),
            let text = line.split(separator: " ", omittingEmptySubsequences: true).last
        else { throw BenchError("no median latency in wrk's output:\n\(output)") }
        let units: [(String, Double)] = [("us", 0.001), ("ms", 1), ("s", 1000)]
        for (unit, factor) in units where text.hasSuffix(unit) {
            if let value = Double(text.dropLast(unit.count)) { return value * factor }
        }
        throw BenchError("unreadable latency \(text) in wrk's output")
    }
}
