import Testing

@testable import SIP

/// RFC 3261 Table 4 (§A), from T1, T2 and T4.
@Suite struct SIPTransactionTimersTests {
    @Test func defaultsAreThoseOfTable4() {
        #expect(SIPTransactionTimers.defaultT1 == .milliseconds(500))
        #expect(SIPTransactionTimers.defaultT2 == .seconds(4))
        #expect(SIPTransactionTimers.defaultT4 == .seconds(5))
        let udp = SIPTransactionTimers.rfc3261(reliableTransport: false)
        #expect(udp.t1 == SIPTransactionTimers.defaultT1 && udp.t2 == SIPTransactionTimers.defaultT2 && udp.t4 == SIPTransactionTimers.defaultT4)
    }

    @Test func unreliableTransportsRunEveryTimer() throws {
        let t1 = Duration.milliseconds(300)
        let t2 = Duration.seconds(2)
        let t4 = Duration.seconds(3)
        let udp = try SIPTransactionTimers(t1: t1, t2: t2, t4: t4, reliableTransport: false)
        #expect(udp.timerA == t1 && udp.timerE == t1 && udp.timerG == t1)
        for timeout in [udp.timerB, udp.timerF, udp.timerH, udp.timerJ, udp.timerL, udp.timerM] {
            #expect(timeout == t1 * 64)
        }
        #expect(udp.timerI == t4 && udp.timerK == t4)
        // 64·T1 is 19.2 s here: Timer D keeps its floor of 32 s (§17.1.1.2).
        #expect(udp.timerD == SIPTransactionTimers.minimumTimerD)
        #expect(SIPTransactionTimers.minimumTimerD == .seconds(32))
    }

    @Test func reliableTransportsSkipRetransmissionsAndWaitNothing() throws {
        let t1 = Duration.milliseconds(300)
        let tcp = try SIPTransactionTimers(t1: t1, reliableTransport: true)
        #expect(tcp.timerA == nil && tcp.timerE == nil && tcp.timerG == nil)
        #expect(tcp.timerD == .zero && tcp.timerI == .zero && tcp.timerJ == .zero && tcp.timerK == .zero)
        for timeout in [tcp.timerB, tcp.timerF, tcp.timerH, tcp.timerL, tcp.timerM] {
            #expect(timeout == t1 * 64)
        }
        #expect(tcp.over(reliableTransport: false).timerA == t1)
        #expect(tcp.over(reliableTransport: false).t1 == t1)
    }

    @Test func timerDFollows64T1AboveItsFloor() throws {
        let t1 = Duration.seconds(1)
        let slow = try SIPTransactionTimers(t1: t1, reliableTransport: false)
        #expect(slow.timerD == t1 * 64)
    }

    @Test func backOffDoublesUpToT2() {
        let timers = SIPTransactionTimers.rfc3261(reliableTransport: false)
        let t1 = SIPTransactionTimers.defaultT1
        let t2 = SIPTransactionTimers.defaultT2
        #expect(timers.backedOff(t1) == t1 * 2)
        #expect(timers.backedOff(t1 * 4) == t2)
        #expect(timers.backedOff(t2) == t2)
    }

    @Test func refusesSettingsThatBreakTheRules() {
        #expect(throws: SIPTransactionError(.t1NotPositive, detail: Duration.zero.description)) {
            try SIPTransactionTimers(t1: .zero, reliableTransport: false)
        }
        #expect(throws: SIPTransactionError(.t2BelowT1, detail: Duration.seconds(1).description + " < " + Duration.seconds(2).description)) {
            try SIPTransactionTimers(t1: .seconds(2), t2: .seconds(1), reliableTransport: false)
        }
        #expect(throws: SIPTransactionError(.t4Negative, detail: Duration.seconds(-1).description)) {
            try SIPTransactionTimers(t4: .seconds(-1), reliableTransport: false)
        }
        let tooLong = SIPTransactionTimers.maximumBaseInterval + .milliseconds(1)
        #expect(throws: SIPTransactionError(.timerTooLong, detail: tooLong.description)) {
            try SIPTransactionTimers(t1: tooLong, t2: tooLong, reliableTransport: false)
        }
        #expect(throws: SIPTransactionError(.timerTooLong, detail: tooLong.description)) {
            try SIPTransactionTimers(t4: tooLong, reliableTransport: false)
        }
    }
}
