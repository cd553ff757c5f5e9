import Domain
import Testing

@testable import Telephony

/// Issue 15, point 3: counts per source and cause within a window, a block at the limit that
/// lasts its period whatever the source does meanwhile, and limits that are off at 0.
@Suite struct DoSBlackListTests {
    static let second: Int64 = 1_000_000
    let settings = DoSProtectionSettings(
        failedRegistrations: 3, transactions: 0, requestsWithoutSession: 5, modifiedMessages: 5, windowSeconds: 60, blockSeconds: 600)

    @Test func theLimitBlocksForThePeriodAndOnlyThatAddress() {
        let list = DoSBlackList(settings: settings)
        #expect(!list.note(.registration, from: "192.0.2.1", now: 0))
        #expect(!list.note(.registration, from: "192.0.2.1", now: 1 * Self.second))
        #expect(list.note(.registration, from: "192.0.2.1", now: 2 * Self.second), "the third failure blocks")
        #expect(!list.admits("192.0.2.1", now: 3 * Self.second))
        #expect(list.admits("192.0.2.2", now: 3 * Self.second))
        // More failures while blocked neither extend the block nor report it again.
        #expect(!list.note(.registration, from: "192.0.2.1", now: 100 * Self.second))
        #expect(list.release(now: 602 * Self.second - 1).isEmpty)
        #expect(list.release(now: 602 * Self.second) == ["192.0.2.1"])
        #expect(list.admits("192.0.2.1", now: 602 * Self.second))
        // A fresh start after the block: one failure does not block again.
        #expect(!list.note(.registration, from: "192.0.2.1", now: 603 * Self.second))
    }

    @Test func countsResetWhenTheWindowHasPassedAndCausesCountApart() {
        let list = DoSBlackList(settings: settings)
        _ = list.note(.registration, from: "192.0.2.1", now: 0)
        _ = list.note(.registration, from: "192.0.2.1", now: 1 * Self.second)
        #expect(!list.note(.registration, from: "192.0.2.1", now: 61 * Self.second), "a new window")
        for _ in 0..<4 { #expect(!list.note(.noSession, from: "192.0.2.1", now: 62 * Self.second)) }
        #expect(list.note(.noSession, from: "192.0.2.1", now: 62 * Self.second))
    }

    @Test func aLimitOfZeroIsOff() {
        let list = DoSBlackList(settings: settings)
        for index in 0..<10_000 { #expect(!list.note(.tooManyTransactions, from: "192.0.2.1", now: Int64(index))) }
        #expect(list.admits("192.0.2.1", now: 10_000))
    }
}
