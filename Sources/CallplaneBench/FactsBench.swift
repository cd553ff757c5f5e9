import ControlPlane
import Domain
import EventLog
import Foundation
import Logging

/// Issue 12's figure for the second way into the log: configuration commands per second
/// while the call core appends telephony facts beside them, against the same commands in the
/// same run without facts. Facts must not slow commands by more than 10 %.
///
/// The facts come at 1,000/s, paced (the call core appends "hundreds per second" of
/// registrations and calls, so this is a busy system's rate with room to spare); the commands
/// are 16 issuers each awaiting its own command, all updating users (each update a real change).
struct FactsBench {
    let options: CallplaneBench.Options
    static let factsPerSecond = 1_000
    static let issuers = 16

    func run() async throws -> [BenchFigure] {
        var with: [Double] = [], without: [Double] = [], factRates: [Double] = []
        for run in 1...options.runs {
            // Alternate which goes first, so a drift of the disk's speed falls on both.
            let first = try await measure(run: run, facts: run % 2 == 0)
            let second = try await measure(run: run, facts: run % 2 != 0)
            let (plain, busy) = run % 2 == 0 ? (second, first) : (first, second)
            without.append(plain.commands)
            with.append(busy.commands)
            factRates.append(busy.facts)
            print(String(format: "facts run %d: %.0f commands/s alone, %.0f commands/s beside %.0f facts/s", run, plain.commands, busy.commands, busy.facts))
        }
        return [
            BenchFigure(
                name: "commands (16 issuers) beside \(Self.factsPerSecond) telephony facts/s", runs: with, unit: "commands/s",
                baselineName: "the same commands without facts", baselineRuns: without,
                target: .ratioAtLeast(0.90))
        ]
    }

    private func measure(run: Int, facts: Bool) async throws -> (commands: Double, facts: Double) {
        let path = try freshDatabase(options, "facts-\(run)-\(facts)")
        let log = try EventLog.open(path: path)
        let pipeline = CommandPipeline(log: log, state: SystemState(), sealing: try SecretBox(key: SecretBox.generateKey()))
        let origin = CommandOrigin(actor: "bench", source: "127.0.0.1/bench")
        for number in 0..<Self.issuers * 10 {
            _ = try await pipeline.execute(.createUser(User(number: String(1000 + number), name: "User \(number)")), origin: origin)
        }
        let appender = FactAppender(log: log, families: [ActiveRegistrations.family])
        let factLoad = Task<Int, any Error> {
            guard facts else { return 0 }
            let clock = ContinuousClock()
            let start = clock.now
            var sent = 0
            var pending: [AppendTicket] = []
            while !Task.isCancelled {
                let due = start + .microseconds(sent * 1_000_000 / Self.factsPerSecond)
                try? await clock.sleep(until: due)
                let fact = RegistrationFact.bound(
                    RegistrationBinding(
                        addressOfRecord: "sip:\(sent % 1200)@bench", contact: "sip:\(sent % 1200)@127.0.0.1:\(5060 + sent % 1000)", expiresAt: Int64(sent)))
                pending.append(
                    try appender.submit([
                        ProposedEvent(stream: fact.stream, type: fact.type, actor: "registrar", source: "127.0.0.1/sip", payload: fact.payload)
                    ]))
                sent += 1
                if pending.count >= 64 {
                    for ticket in pending { _ = try await ticket.result() }
                    pending.removeAll(keepingCapacity: true)
                }
            }
            for ticket in pending { _ = try await ticket.result() }
            return sent
        }
        // Let the fact load settle into its pace before the commands start.
        if facts { try await Task.sleep(for: .milliseconds(200)) }
        // 32,000 commands at the default size, about a second: at a sixteenth of that the
        // window held a hundred facts, and the paired ratio of one build swung from 0.72× to
        // 0.99× between runs of a quiet machine.
        let perIssuer = max(1, options.concurrentAppends / 2 / Self.issuers)
        let clock = ContinuousClock()
        let start = clock.now
        let factsBefore = log.head
        try await withThrowingTaskGroup(of: Void.self) { group in
            for issuer in 0..<Self.issuers {
                group.addTask {
                    for round in 0..<perIssuer {
                        let number = 1000 + issuer * 10 + round % 10
                        _ = try await pipeline.execute(.updateUser(number: String(number), UserPatch(name: "User \(number) r\(round)")), origin: origin)
                    }
                }
            }
            try await group.waitForAll()
        }
        let seconds = (clock.now - start).seconds
        let appendedDuring = Double(log.head - factsBefore - Int64(perIssuer * Self.issuers))
        factLoad.cancel()
        _ = try await factLoad.value
        await log.close()
        return (Double(perIssuer * Self.issuers) / seconds, appendedDuring / seconds)
    }
}
