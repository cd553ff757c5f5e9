import Logging
import NIOCore
import NIOEmbedded
import Testing

@testable import CallplaneServer

/// The admin API's connection limit (issue 13, point 17).
@Suite struct ConnectionLimitTests {
    @Test func admitsUpToTheMaximumAndAgainAfterARelease() {
        let limit = ConnectionLimit(maximum: 2)
        #expect(limit.admit())
        #expect(limit.admit())
        #expect(!limit.admit())
        #expect(limit.openConnections == 2)
        limit.release()
        #expect(limit.admit())
        #expect(!limit.admit())
    }

    /// Connections arrive on every event loop at once.
    @Test func concurrentAdmissionsNeverExceedTheMaximum() async {
        let limit = ConnectionLimit(maximum: 100)
        let admitted = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<1000 { group.addTask { limit.admit() } }
            return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(admitted == 100)
        #expect(limit.openConnections == 100)
    }

    /// One line at the first refusal, then at most one a minute with the count since.
    @Test func refusalsAreReportedAtMostOnceAMinute() {
        let limit = ConnectionLimit(maximum: 1)
        let start = ContinuousClock.now
        #expect(limit.noteRefusal(at: start) == 1)
        #expect(limit.noteRefusal(at: start + .seconds(10)) == nil)
        #expect(limit.noteRefusal(at: start + .seconds(59)) == nil)
        #expect(limit.noteRefusal(at: start + .seconds(61)) == 3)
        #expect(limit.noteRefusal(at: start + .seconds(62)) == nil)
    }

    /// The handler closes a connection beyond the limit as it becomes active and gives the
    /// place of a closed one back.
    @Test func theHandlerClosesConnectionsBeyondTheLimit() throws {
        let limit = ConnectionLimit(maximum: 2)
        func connect() throws -> EmbeddedChannel {
            let channel = EmbeddedChannel(handler: ConnectionLimitHandler(limit: limit, logger: Logger(label: "test")))
            try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 40000)).wait()
            return channel
        }
        let first = try connect()
        let second = try connect()
        let third = try connect()
        #expect(first.isActive)
        #expect(second.isActive)
        #expect(!third.isActive)
        #expect(limit.openConnections == 2)
        try first.close().wait()
        #expect(limit.openConnections == 1)
        let fourth = try connect()
        #expect(fourth.isActive)
        #expect(limit.openConnections == 2)
    }
}
