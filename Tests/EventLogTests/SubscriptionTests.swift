import Foundation
import Synchronization
import Testing
@testable import EventLog

@Suite struct SubscriptionTests {
    /// Appenders race the subscriber's switch from catch-up to live; it must see 1…N exactly once.
    @Test func catchUpAndLiveWithoutGapOrDuplicate() async throws {
        let directory = try TemporaryDirectory()
        let log = try EventLog.open(path: directory.databasePath)
        for _ in 0..<10 {
            _ = try await log.append(AppendRequest(events: (0..<30).map { _ in proposed("pre") }))
        }
        let appenders = 16, perAppender = 60
        let total = 300 + appenders * perAppender

        let received = try await withThrowingTaskGroup(of: [Int64].self) { group in
            group.addTask {
                var positions: [Int64] = []
                for try await event in log.subscribe() {
                    positions.append(event.position)
                    if positions.count == total { break }
                }
                return positions
            }
            for appender in 0..<appenders {
                group.addTask {
                    for _ in 0..<perAppender { _ = try await log.append(request(proposed("live/\(appender)"))) }
                    return []
                }
            }
            var subscriber: [Int64] = []
            for try await positions in group where !positions.isEmpty { subscriber = positions }
            return subscriber
        }
        #expect(received == Array(1...Int64(total)))
        await log.close()
    }

    @Test func filteredSubscriptionFromAPosition() async throws {
        let directory = try TemporaryDirectory()
        let log = try EventLog.open(path: directory.databasePath)
        for index in 0..<20 { _ = try await log.append(request(proposed(type: index % 2 == 0 ? "call.started" : "user.created"))) }
        let collector = Task {
            var events: [EventEnvelope] = []
            for try await event in log.subscribe(after: 10, filter: EventFilter(typePrefix: "call.")) {
                events.append(event)
                if events.count == 10 { break }
            }
            return events
        }
        for index in 20..<40 { _ = try await log.append(request(proposed(type: index % 2 == 0 ? "call.started" : "user.created"))) }
        let events = try await collector.value
        #expect(events.map(\.position) == [11, 13, 15, 17, 19, 21, 23, 25, 27, 29])
        #expect(events.allSatisfy { $0.type == "call.started" })
        await log.close()
    }

    @Test func subscriptionsEndOnCloseAndAreCounted() async throws {
        let directory = try TemporaryDirectory()
        let log = try EventLog.open(path: directory.databasePath)
        _ = try await log.append(request(proposed()))
        #expect(log.subscriberCount == 0)
        let started = Mutex(false)
        let subscriber = Task {
            var count = 0
            for try await _ in log.subscribe() {
                count += 1
                started.withLock { $0 = true }
            }
            return count
        }
        while !started.withLock({ $0 }) { try await Task.sleep(for: .milliseconds(5)) }
        #expect(log.subscriberCount == 1)
        await log.close()
        #expect(try await subscriber.value == 1)
        #expect(log.subscriberCount == 0)
    }

    @Test func cancellationEndsAWaitingSubscription() async throws {
        let directory = try TemporaryDirectory()
        let log = try EventLog.open(path: directory.databasePath)
        let subscriber = Task {
            var count = 0
            for try await _ in log.subscribe() { count += 1 }
            return count
        }
        while log.subscriberCount == 0 { try await Task.sleep(for: .milliseconds(5)) }
        subscriber.cancel()
        #expect(try await subscriber.value == 0)
        #expect(log.subscriberCount == 0)
        await log.close()
    }

    /// Reactors are often actors: iterating inside one must compile cleanly and work.
    @Test func subscriptionInsideAnActor() async throws {
        actor Collector {
            var positions: [Int64] = []
            func collect(_ log: EventLog, count: Int) async throws {
                for try await event in log.subscribe() {
                    positions.append(event.position)
                    if positions.count == count { break }
                }
            }
        }
        let directory = try TemporaryDirectory()
        let log = try EventLog.open(path: directory.databasePath)
        let collector = Collector()
        async let done: Void = collector.collect(log, count: 5)
        for _ in 0..<5 { _ = try await log.append(request(proposed())) }
        try await done
        #expect(await collector.positions == [1, 2, 3, 4, 5])
        await log.close()
    }
}
