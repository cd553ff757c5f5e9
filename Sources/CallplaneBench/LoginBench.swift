import AccessControl
import ControlPlane
import Domain
import EventLog
import Foundation
import Logging

/// Login (password verification) latency and throughput at the standard hash cost, beside the
/// bare scrypt verification of the same hash in the same run. The issue asks for a
/// verification of 50–250 ms: slow for a guesser, unnoticeable for a person.
///
/// A login is the hash check plus its access-log event (a durable append) and a session; each
/// one is logged out again, because the §5.1 limit allows two administrator sessions at a time.
struct LoginBench {
    let options: CallplaneBench.Options
    static let password = "Bench-Pass.1"

    func run() async throws -> [BenchFigure] {
        let path = try freshDatabase(options, "login")
        let log = try EventLog.open(path: path)
        let logger = Logger(label: "bench")
        let projection = try StateProjection(log: log, snapshotInterval: 0, logger: logger)
        let follower = Task { await projection.run() }
        let sealing = try SecretBox(key: SecretBox.generateKey())
        let pipeline = CommandPipeline(log: log, state: projection.current.state, sealing: sealing)
        let hasher = PasswordHasher()
        let access = UserAccessControl(pipeline: pipeline, projection: projection, clock: SystemWallClock(), sealing: sealing, hasher: hasher, logger: logger)
        try await access.bootstrapIfNeeded()
        await projection.waitUntil(position: log.head)
        let first = try await access.login(name: "admin", password: "password", interface: "api", address: "127.0.0.1")
        _ = try await access.setPassword(
            of: "admin", to: Self.password, currentPassword: "password", by: first,
            origin: CommandOrigin(actor: "admin", source: "bench"))
        await access.logout(first)
        guard let sealed = projection.current.state.accessControl.account(named: "admin")?.currentPasswordHash else { throw BenchError("no admin account") }
        let hash = try sealing.open(sealed)
        let concurrency = 2

        var verifyMS: [Double] = [], loginMS: [Double] = [], verifyRate: [Double] = [], loginRate: [Double] = []
        for run in 1...options.runs {
            var verifyTimes: [Double] = [], loginTimes: [Double] = []
            for _ in 0..<options.logins {
                let start = ContinuousClock.now
                guard PasswordHasher.matches(Self.password, hash) else { throw BenchError("the bench password did not verify") }
                verifyTimes.append((ContinuousClock.now - start).seconds * 1000)
                let loginStart = ContinuousClock.now
                let result = try await access.login(name: "admin", password: Self.password, interface: "api", address: "127.0.0.1")
                loginTimes.append((ContinuousClock.now - loginStart).seconds * 1000)
                await access.logout(result)
            }
            verifyMS.append(median(verifyTimes))
            loginMS.append(median(loginTimes))

            let verifyStart = ContinuousClock.now
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<concurrency {
                    group.addTask {
                        for _ in 0..<(options.logins / concurrency) where !(await hasher.verify(Self.password, against: hash)) {
                            throw BenchError("the bench password did not verify")
                        }
                    }
                }
                try await group.waitForAll()
            }
            verifyRate.append(Double(options.logins / concurrency * concurrency) / (ContinuousClock.now - verifyStart).seconds)
            let loginStart = ContinuousClock.now
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<concurrency {
                    group.addTask {
                        for _ in 0..<(options.logins / concurrency) {
                            let result = try await access.login(name: "admin", password: Self.password, interface: "api", address: "127.0.0.1")
                            await access.logout(result)
                        }
                    }
                }
                try await group.waitForAll()
            }
            loginRate.append(Double(options.logins / concurrency * concurrency) / (ContinuousClock.now - loginStart).seconds)
            print(
                String(
                    format: "run %d: verify p50 %.1f ms, login p50 %.1f ms; %d at a time: %.1f verifications/s, %.1f logins/s",
                    run, verifyMS.last!, loginMS.last!, concurrency, verifyRate.last!, loginRate.last!))
        }
        let flood = try await floodFigure(access)
        follower.cancel()
        await log.close()
        return [
            flood,
            BenchFigure(
                name: "login latency p50 (scrypt N=2^\(hasher.cost.logN), r=8, p=1)", runs: loginMS, unit: "ms",
                baselineName: "bare scrypt verification", baselineRuns: verifyMS, smallerIsBetter: true, target: .valueWithin(50...250)),
            BenchFigure(
                name: "logins/s, \(concurrency) at a time", runs: loginRate, unit: "logins/s",
                baselineName: "bare verifications/s", baselineRuns: verifyRate, target: .informational),
        ]
    }

    /// Issue 13, point 16: the administrator's login p99 while 64 guessers hammer `admin` with
    /// wrong passwords from another address, beside the same logins with nobody guessing, in
    /// the same run. A guesser that is told to wait asks again after 5 ms: 12,800 guesses/s in
    /// all, 400 times the 31/s the review measured (its client runs on the same two cores here,
    /// which a remote attacker's would not). Measured from 1 s after the flood starts, once the
    /// five guesses it may have checked at once are done: the steady state of a flood.
    private func floodFigure(_ access: UserAccessControl) async throws -> BenchFigure {
        let guessers = 64
        var quietP99: [Double] = [], floodP99: [Double] = []
        func adminLogins() async throws -> Double {
            var times: [Double] = []
            for _ in 0..<options.logins {
                let start = ContinuousClock.now
                let result = try await access.login(name: "admin", password: Self.password, interface: "api", address: "127.0.0.1")
                times.append((ContinuousClock.now - start).seconds * 1000)
                await access.logout(result)
            }
            return percentile(times, 0.99)
        }
        for run in 1...options.runs {
            quietP99.append(try await adminLogins())
            let guessing = Task {
                await withDiscardingTaskGroup { group in
                    for guesser in 0..<guessers {
                        group.addTask {
                            var attempt = 0
                            while !Task.isCancelled {
                                attempt += 1
                                do {
                                    _ = try await access.login(name: "admin", password: "Guess-\(guesser)-\(attempt)", interface: "api", address: "10.0.0.2")
                                } catch AccessDenied.tooManyAttempts {
                                    try? await Task.sleep(for: .milliseconds(5))
                                } catch {}
                            }
                        }
                    }
                }
            }
            try await Task.sleep(for: .seconds(1))
            floodP99.append(try await adminLogins())
            guessing.cancel()
            await guessing.value
            print(String(format: "run %d: admin login p99 %.1f ms quiet, %.1f ms under %d guessers", run, quietP99.last!, floodP99.last!, guessers))
        }
        return BenchFigure(
            name: "admin login p99 under a \(guessers)-way guessing flood", runs: floodP99, unit: "ms",
            baselineName: "admin login p99, nobody guessing", baselineRuns: quietP99, smallerIsBetter: true,
            target: .ratioAtLeast(0.5))
    }
}
