import Testing

@testable import Media

/// The relay's port pairs (RFC 3550 §11: RTP even, RTCP the next port).
@Suite struct RelayPortPoolTests {
    @Test func pairsAreEvenAndTakenRoundRobin() {
        var pool = RelayPortPool(range: 40_001...40_008)
        #expect(pool.pairs == 3, "40002/3, 40004/5, 40006/7; 40001 and 40008 have no partner")
        #expect(pool.reserve() == 40_002)
        #expect(pool.reserve() == 40_004)
        pool.release(40_002)
        #expect(pool.reserve() == 40_006, "a released pair is the last to be reused")
        #expect(pool.reserve() == 40_002)
        #expect(pool.reserve() == nil)
        #expect(pool.free == 0)
    }

    @Test func aNewRangeAppliesToNewPairs() {
        var pool = RelayPortPool(range: 40_000...40_003)
        #expect(pool.reserve() == 40_000)
        pool.change(to: 50_000...50_001)
        #expect(pool.reserve() == 50_000)
        #expect(pool.reserve() == nil)
        pool.release(40_000)
        #expect(pool.free == 0)
    }
}
