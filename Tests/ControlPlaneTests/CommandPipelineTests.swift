import ControlPlane
import Domain
import EventLog
import Foundation
import Logging
import Testing

@Suite struct CommandPipelineTests {
    struct Fixture {
        let directory: URL
        let log: EventLog
        let pipeline: CommandPipeline

        init() throws {
            directory = FileManager.default.temporaryDirectory.appendingPathComponent("callplane-pipeline-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            log = try EventLog.open(path: directory.appendingPathComponent("callplane.sqlite").path)
            pipeline = CommandPipeline(log: log, state: SystemState(), sealing: try SecretBox(key: SecretBox.generateKey()))
        }

        func tearDown() async {
            await log.close()
            try? FileManager.default.removeItem(at: directory)
        }
    }

    static let origin = CommandOrigin(actor: "tester", source: "127.0.0.1/test")

    /// Decisions are made against every event submitted before, so concurrent creations at
    /// the edge of the 1,200-user limit cannot all pass.
    @Test func concurrentCreationsNeverExceedTheUserLimit() async throws {
        let fixture = try Fixture()
        for number in 1...1190 {
            _ = try await fixture.pipeline.execute(.createUser(User(number: String(1000 + number), name: "User \(number)")), origin: Self.origin)
        }
        let accepted = await withTaskGroup(of: Bool.self) { group in
            for number in 1...40 {
                group.addTask {
                    do {
                        _ = try await fixture.pipeline.execute(.createUser(User(number: String(5000 + number), name: "Late \(number)")), origin: Self.origin)
                        return true
                    } catch let error as DomainError {
                        return error.code == "capacity_exceeded" ? false : true
                    } catch {
                        return true
                    }
                }
            }
            var count = 0
            for await ok in group where ok { count += 1 }
            return count
        }
        #expect(accepted == 10)
        #expect(fixture.log.head == 1200)
        var state = SystemState()
        try fixture.log.scan(after: 0) { row in try state.apply(row) }
        #expect(state.users.count == 1200)
        await fixture.tearDown()
    }

    @Test func aRetriedKeyReturnsTheOriginalPositionAndAppendsOnce() async throws {
        let fixture = try Fixture()
        let key = try #require(IdempotencyKey("create-101"))
        async let first = fixture.pipeline.execute(.createUser(User(number: "101", name: "Ada")), origin: Self.origin, idempotencyKey: key)
        async let second = fixture.pipeline.execute(.createUser(User(number: "101", name: "Ada")), origin: Self.origin, idempotencyKey: key)
        let outcomes = try await [first, second]
        #expect(outcomes[0].position == outcomes[1].position)
        #expect(outcomes.filter(\.isRetry).count == 1)
        let third = try await fixture.pipeline.execute(.createUser(User(number: "101", name: "Ada")), origin: Self.origin, idempotencyKey: key)
        #expect(third.isRetry)
        #expect(third.position == outcomes[0].position)
        #expect(fixture.log.head == 1)
        await fixture.tearDown()
    }

    /// The reuse check lives in the pipeline, so every front end (API, CLI, function codes)
    /// refuses a key that named another kind of request, in flight or already durable.
    @Test func aKeyReusedForAnotherKindOfEntityIsRefusedByThePipeline() async throws {
        let fixture = try Fixture()
        let key = try #require(IdempotencyKey("k-1"))
        let terminal = Command.createTerminal(TerminalDraft(kind: .standardSIP, registrationName: "t101", password: "S3cret-pass"))
        func attempt(_ command: Command) async -> DomainError? {
            do {
                _ = try await fixture.pipeline.execute(command, origin: Self.origin, idempotencyKey: key)
                return nil
            } catch {
                return error as? DomainError
            }
        }
        async let user = attempt(.createUser(User(number: "101", name: "Ada")))
        async let reused = attempt(terminal)
        let refusals = await [user, reused].compactMap { $0 }
        #expect(refusals.count == 1 && refusals.first?.code == "idempotency_key_reused", "one of the two is refused, whichever came second")
        #expect(await attempt(terminal)?.code == "idempotency_key_reused", "refused again once the first is durable")
        #expect(fixture.log.head == 1)
        await fixture.tearDown()
    }

    @Test func aStaleExpectedVersionIsRefusedAndAppendsNothing() async throws {
        let fixture = try Fixture()
        _ = try await fixture.pipeline.execute(.createUser(User(number: "101", name: "Ada")), origin: Self.origin)
        _ = try await fixture.pipeline.execute(.updateUser(number: "101", UserPatch(name: "Ada L.")), origin: Self.origin, expectedVersion: 1)
        await #expect(throws: DomainError.self) {
            _ = try await fixture.pipeline.execute(.updateUser(number: "101", UserPatch(name: "Ada B.")), origin: Self.origin, expectedVersion: 1)
        }
        #expect(fixture.log.head == 2)
        let last = try #require(try fixture.log.event(at: 2))
        #expect(last.actor == "tester")
        #expect(last.source == "127.0.0.1/test")
        await fixture.tearDown()
    }
}
