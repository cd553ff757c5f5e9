import Foundation
import Testing

@testable import EventLog

/// The backwards read of one type that pages the call history: newest first, bounded by a
/// position and by a time range, and the same as filtering the whole log.
@Suite struct ReadNewestFirstTests {
    @Test func itIsTheForwardReadReversedWithinItsBounds() async throws {
        let directory = try TemporaryDirectory()
        let clock = VirtualWallClock(startingAt: epoch)
        let log = try EventLog.open(path: directory.databasePath, clock: clock)
        // 90 events, one every minute; every third is a call.ended, the others another type
        // (one sorting before it, one after).
        for index in 0..<90 {
            let type = ["call.ended", "call.answered", "call.started"][index % 3]
            _ = try await log.append(request(proposed("call/\(index / 3)", type: type, payload: #"{"i":\#(index)}"#)))
            clock.advance(byMicroseconds: 60_000_000)
        }
        let all = try log.read(limit: 1_000)
        let minute: Int64 = 60_000_000

        func expected(before: Int64? = nil, since: Int64? = nil, until: Int64? = nil, limit: Int) -> [EventEnvelope] {
            Array(
                all.reversed().filter { event in
                    event.type == "call.ended" && event.position < (before ?? .max) && event.at >= (since ?? .min) && event.at < (until ?? .max)
                }
                .prefix(limit))
        }
        let cases: [(Int64?, Int64?, Int64?, Int)] = [
            (nil, nil, nil, 1_000), (nil, nil, nil, 5), (40, nil, nil, 3), (2, nil, nil, 10), (1, nil, nil, 10),
            (nil, epoch + 30 * minute, nil, 1_000), (nil, nil, epoch + 30 * minute, 4), (70, epoch + 10 * minute, epoch + 50 * minute, 100),
            (nil, epoch + 30 * minute + 1, epoch + 30 * minute + 2, 10), (nil, epoch + 200 * minute, nil, 10), (nil, nil, epoch - 1, 10),
            (nil, nil, epoch + 500 * minute, 2),
        ]
        for (before, since, until, limit) in cases {
            let actual = try log.readNewestFirst(type: "call.ended", before: before, since: since, until: until, limit: limit)
            #expect(actual == expected(before: before, since: since, until: until, limit: limit), "\(String(describing: (before, since, until, limit)))")
        }
        #expect(try log.readNewestFirst(type: "call.ended", limit: 3).map(\.position) == [88, 85, 82])
        #expect(try log.readNewestFirst(type: "call.ended", before: 82, limit: 2).map(\.position) == [79, 76])
        #expect(try log.readNewestFirst(type: "call.ended", limit: 0).isEmpty)
        #expect(try log.readNewestFirst(type: "call.transferred", limit: 10).isEmpty)
        await log.close()
    }
}
