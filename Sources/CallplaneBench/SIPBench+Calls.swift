import Foundation

extension SIPBench {
    /// Offered call rates, 30 s per step as issue 15 asks.
    static let callRates = [50, 100, 200, 300, 400, 500, 600, 800, 1_000, 1_200, 1_500]
    static let callerName = "bench-caller"
    static let calleeName = "bench-callee"

    /// The caller's sipp arguments and the callee's port, once ``prepareCalls`` set them up.
    struct CallSetup {
        var caller: [String]
        var calleePort: Int
    }

    /// Creates the caller's and the callee's users and terminals, and registers the callee's
    /// terminal from the port its sipp will answer on.
    func prepareCalls(_ sipp: String, _ scenarios: String, client: APIBench.Client, token: String, port: Int, directory: String) async throws
        -> CallSetup
    {
        try await client.send("POST", "/api/v1/users", token: token, body: ["number": "1000", "name": "Bench Caller"])
        try await client.send("POST", "/api/v1/users", token: token, body: ["number": "2000", "name": "Bench Callee"])
        for (name, user) in [(Self.callerName, "1000"), (Self.calleeName, "2000")] {
            try await client.send(
                "POST", "/api/v1/terminals", token: token,
                body: ["kind": "standard_sip", "registrationName": name, "password": Self.password, "userNumber": user])
        }
        let calleePort = port + 10
        let fields = (directory as NSString).appendingPathComponent("callee.csv")
        try "SEQUENTIAL\n\(calleePort);\n".write(toFile: fields, atomically: true, encoding: .utf8)
        let registered = Spawn.wait(
            try Spawn.start(
                [
                    sipp, "127.0.0.1:\(port)", "-sf", scenarios + "/register-callee.xml", "-s", Self.calleeName, "-au", Self.calleeName, "-ap",
                    Self.password, "-inf", fields, "-i", "127.0.0.1", "-p", String(port + 12), "-t", "u1", "-m", "1", "-nostdin", "-timeout", "10s",
                ], environment: [:], output: .file((directory as NSString).appendingPathComponent("register-callee.out"))))
        guard registered == 0 else { throw BenchError("the callee's terminal did not register (\(directory)/register-callee.out)") }
        let callerFields = (directory as NSString).appendingPathComponent("caller.csv")
        try "SEQUENTIAL\n\(Self.callerName);\n".write(toFile: callerFields, atomically: true, encoding: .utf8)
        // sipp 3.6 writes sip:<host>:<port> as the digest's uri unless told the Request-URI's.
        let caller = ["-s", "2000", "-au", Self.callerName, "-ap", Self.password, "-inf", callerFields, "-auth_uri", "2000@127.0.0.1:\(port)"]
        return CallSetup(caller: caller, calleePort: calleePort)
    }

    /// Calls per second through the B2BUA: sipp as the caller (INVITE, 407, INVITE with MD5
    /// credentials, 100/180/200, ACK, BYE) → Callplane → sipp as the callee's registered phone,
    /// beside the same caller against sipp answering it directly (the same challenge, unchecked,
    /// and the same call) in the same run.
    func callFigures(_ sipp: String, _ scenarios: String, setup: CallSetup, port: Int, directory: String) throws -> [BenchFigure] {
        let (caller, calleePort) = (setup.caller, setup.calleePort)
        let seconds = options.smoke ? 1 : 30
        let baselinePort = port + 20
        // Not the port the REGISTER figure's sipp used: the registrar would take calls from it
        // for that terminal's (the caller is known by the flow it registered over).
        let callerPort = port + 4
        var ours: [Double] = []
        var theirs: [Double] = []
        for run in 1...options.runs {
            let rate = try Self.measure(against: try startCallee(sipp, scenarios + "/call-uas.xml", port: calleePort, directory: directory)) {
                try highestRate(
                    sipp, scenario: scenarios + "/call-uac.xml", arguments: caller + ["-d", "0"], rates: Self.callRates, seconds: seconds, port: port,
                    localPort: callerPort, directory: directory)
            }
            let baseline = try Self.measure(against: try startCallee(sipp, scenarios + "/call-uas-direct.xml", port: baselinePort, directory: directory)) {
                try highestRate(
                    sipp, scenario: scenarios + "/call-uac.xml", arguments: caller + ["-d", "0"], rates: Self.callRates, seconds: seconds,
                    port: baselinePort, directory: directory)
            }
            ours.append(rate)
            theirs.append(baseline)
            print(String(format: "sip calls run %d: Callplane %.0f calls/s, sipp → sipp %.0f calls/s", run, rate, baseline))
        }
        return [
            BenchFigure(
                name: "calls/s through the B2BUA (sipp → Callplane → sipp)", runs: ours, unit: "calls/s", baselineName: "sipp → sipp direct",
                baselineRuns: theirs, target: .valueAtLeast(1_000))
        ]
    }

    private func startCallee(_ sipp: String, _ scenario: String, port: Int, directory: String) throws -> pid_t {
        let callee = try Spawn.start(
            [sipp, "-sf", scenario, "-i", "127.0.0.1", "-p", String(port), "-t", "u1", "-nostdin", "-l", "100000"] + Self.socketBuffer,
            environment: [:], output: .file((directory as NSString).appendingPathComponent("callee-\(port).out")))
        usleep(300_000)
        return callee
    }

    /// Prints the server's resident memory per held call: 240 calls (100 in the smoke pass; the
    /// system takes 250 at once, Tab. 13) set up at 100/s and held 20 s (3 s), read at their
    /// peak against the idle figure before.
    func heldCallMemory(
        _ sipp: String, _ scenarios: String, setup: CallSetup, port: Int, server: pid_t, client: APIBench.Client, token: String, directory: String
    ) async throws {
        let (caller, calleePort) = (setup.caller, setup.calleePort)
        let count = options.smoke ? 100 : 240
        let holdMilliseconds = options.smoke ? 3_000 : 20_000
        let callee = try startCallee(sipp, scenarios + "/call-uas.xml", port: calleePort, directory: directory)
        defer { Spawn.stop(callee) }
        let idle = Self.residentKiB(server)
        let uac = try Spawn.start(
            [
                sipp, "127.0.0.1:\(port)", "-sf", scenarios + "/call-uac.xml", "-i", "127.0.0.1", "-p", String(port + 4), "-t", "u1", "-r", "100",
                "-m", String(count), "-l", String(count), "-nostdin", "-timeout", "90s", "-d", String(holdMilliseconds),
            ] + Self.socketBuffer + caller, environment: [:], output: .file((directory as NSString).appendingPathComponent("held.out")))
        // All set up (count / 100 s) and none yet hung up.
        try await Task.sleep(for: .seconds(Double(count) / 100 + Double(holdMilliseconds) / 4_000))
        let peak = Self.residentKiB(server)
        let active = (try await client.send("GET", "/api/v1/calls", token: token)["calls"] as? [Any])?.count ?? 0
        _ = Spawn.wait(uac)
        guard active > 0 else {
            print("memory per held call: no call was up when measured (see \(directory)/held.out)")
            return
        }
        print(
            String(
                format: "memory per held call: %.1f KiB (%d calls up; server resident %.1f MiB idle, %.1f MiB with them)   target informational",
                Double(peak - idle) / Double(active), active, Double(idle) / 1024, Double(peak) / 1024))
    }

    /// VmRSS of a process, in KiB.
    static func residentKiB(_ pid: pid_t) -> Int {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") })
        else { return 0 }
        return Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") ?? 0
    }
}
