import Foundation
#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Issue 12's API figures: requests per second from `wrk` (32 connections, 2 threads, on the
/// same 2 cores as the server, as the issue measured) for the users list with 200 users, a page
/// of 100 events and the state summary, each beside `GET /health` measured in the same run —
/// the server's floor for a request that does no work.
///
/// The server is the release `callplane serve` next to this binary, on a data directory and
/// port of its own, with the SNMP agent off.
struct APIBench {
    let options: CallplaneBench.Options
    static let users = 200
    static let password = "Bench-Pass.1"

    struct Route {
        var name: String
        var path: String
        var target: Double
    }

    static let routes = [
        Route(name: "GET /api/v1/users (200 users)", path: "/api/v1/users", target: 0.10),
        Route(name: "GET /api/v1/events?limit=100", path: "/api/v1/events?limit=100", target: 0.05),
        Route(name: "GET /api/v1/state", path: "/api/v1/state", target: 0.5),
    ]

    func run() async throws -> [BenchFigure] {
        guard let wrk = ["/usr/bin/wrk", "/usr/local/bin/wrk"].first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw BenchError("wrk is not installed (ops/install-deps installs it)")
        }
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("callplane").path
        guard FileManager.default.isExecutableFile(atPath: binary) else { throw BenchError("no server binary at \(binary) (ops/bench builds it)") }
        let directory = (options.directory as NSString).appendingPathComponent("api")
        try? FileManager.default.removeItem(atPath: directory)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let port = 18_000 + Int(getpid() % 1_000)
        let server = try Spawn.start(
            [binary, "serve", "--data-dir", directory, "--http-port", String(port), "--snmp-address", "off", "--log-level", "warning"],
            environment: ProcessInfo.processInfo.environment, error: .file((directory as NSString).appendingPathComponent("server.log")))
        defer { Spawn.stop(server) }
        let client = Client(base: "http://127.0.0.1:\(port)")
        try await client.waitReady()
        let token = try await client.firstLogin(password: Self.password)
        for number in 0..<Self.users {
            try await client.send(
                "POST", "/api/v1/users", token: token,
                body: ["number": String(3000 + number), "name": "Bench User \(number)", "email": "u\(number)@example.com"])
        }

        var health: [Double] = []
        var rates = Array(repeating: [Double](), count: Self.routes.count)
        for run in 1...options.runs {
            let floor = try measure(wrk, "http://127.0.0.1:\(port)/health", token: nil)
            health.append(floor)
            var line = String(format: "api run %d: /health %.0f req/s", run, floor)
            for (index, route) in Self.routes.enumerated() {
                let rate = try measure(wrk, "http://127.0.0.1:\(port)\(route.path)", token: token)
                rates[index].append(rate)
                line += String(format: ", %@ %.0f req/s", route.path, rate)
            }
            print(line)
        }
        return Self.routes.enumerated().map { index, route in
            BenchFigure(
                name: route.name, runs: rates[index], unit: "req/s", baselineName: "GET /health, same run", baselineRuns: health,
                target: .ratioAtLeast(route.target))
        }
    }

    /// Requests per second over `wrkSeconds` (5 s) after a 1 s warm-up; non-2xx answers make it fail.
    private func measure(_ wrk: String, _ url: String, token: String?) throws -> Double {
        var arguments = [wrk, "-t2", "-c32", "-d\(options.wrkSeconds)s", url]
        if let token { arguments += ["-H", "Authorization: Bearer \(token)"] }
        _ = try runCapturing([wrk, "-t2", "-c32", "-d1s", url] + (token.map { ["-H", "Authorization: Bearer \($0)"] } ?? []))
        let output = try runCapturing(arguments)
        if output.contains("Non-2xx or 3xx responses") { throw BenchError("\(url) answered errors under load:\n\(output)") }
        guard let line = output.split(separator: "\n").first(where: { $0.hasPrefix("Requests/sec:") }),
            let rate = Double(line.dropFirst("Requests/sec:".count).trimmingCharacters(in: .whitespaces))
        else { throw BenchError("no Requests/sec in wrk's output:\n\(output)") }
        return rate
    }

    private func runCapturing(_ arguments: [String]) throws -> String {
        let path = (options.directory as NSString).appendingPathComponent("wrk.out")
        let pid = try Spawn.start(arguments, environment: [:], output: .file(path))
        guard Spawn.wait(pid) == 0 else { throw BenchError("\(arguments.joined(separator: " ")) failed") }
        return try String(contentsOfFile: path, encoding: .utf8)
    }

    /// Just enough HTTP for the set-up: readiness, the first login, the users.
    struct Client {
        let base: String

        @discardableResult
        func send(_ method: String, _ path: String, token: String? = nil, body: [String: Any]? = nil) async throws -> [String: Any] {
            var request = URLRequest(url: URL(string: base + path)!)
            request.httpMethod = method
            if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
            if let body {
                request.httpBody = try JSONSerialization.data(withJSONObject: body)
                request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            }
            let (data, response) = try await URLSession.shared.data(for: request)
            let status = (response as? HTTPURLResponse)?.statusCode ?? 0
            guard (200..<300).contains(status) else {
                throw BenchError("\(method) \(path): \(status) \(String(decoding: data, as: UTF8.self))")
            }
            return (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
        }

        func waitReady() async throws {
            for _ in 0..<600 {
                if (try? await send("GET", "/ready")) != nil { return }
                try await Task.sleep(for: .milliseconds(100))
            }
            throw BenchError("the server did not become ready within 60 s")
        }

        /// admin / password, the forced change, and a session with the new password.
        func firstLogin(password: String) async throws -> String {
            let first = try await send("POST", "/api/v1/session", body: ["name": "admin", "password": "password"])
            guard let token = first["token"] as? String else { throw BenchError("no token in the first login") }
            try await send("PUT", "/api/v1/accounts/admin/password", token: token, body: ["currentPassword": "password", "newPassword": password])
            try await send("DELETE", "/api/v1/session", token: token)
            let second = try await send("POST", "/api/v1/session", body: ["name": "admin", "password": password])
            guard let session = second["token"] as? String else { throw BenchError("no token after the password change") }
            return session
        }
    }
}
