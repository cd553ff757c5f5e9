import Testing

@testable import SIP

/// RFC 3261 Figure 6, transition by transition, over UDP and TCP.
@Suite struct SIPNonInviteClientTransactionTests {
    typealias Machine = SIPNonInviteClientTransaction.StateMachine

    let t1 = SIPTransactionTimers.defaultT1
    let t2 = SIPTransactionTimers.defaultT2
    let t4 = SIPTransactionTimers.defaultT4
    let udp = SIPTransactionTimers.rfc3261(reliableTransport: false)
    let tcp = SIPTransactionTimers.rfc3261(reliableTransport: true)

    @Test func tryingRetransmitsDoublingFromT1CappedAtT2UntilTimerF() throws {
        let register = try TransactionMessages.request(.register)
        var machine = try Machine(request: register, timers: udp)
        #expect(machine.state == .trying)
        var clock = VirtualTimers()
        let started = machine.start()
        #expect(started == [.sendRequest(register), .startTimer(.E, after: t1), .startTimer(.F, after: t1 * 64)])
        clock.perform(started)

        clock.advance(to: t1 * 64) { machine.timerFired($0) }

        // §17.1.2.2: intervals T1, 2·T1, 4·T1 … and never more than T2.
        var expected: [Duration] = []
        var at = Duration.zero
        var interval = t1
        while at < t1 * 64 {
            expected.append(at)
            at += interval
            interval = min(interval * 2, t2)
        }
        let sent = clock.instants { $0 == .sendRequest(register) }
        #expect(sent == expected)
        let gaps = zip(sent.dropFirst(), sent).map { $0 - $1 }
        #expect(Array(gaps.prefix(4)) == [t1, t1 * 2, t1 * 4, t2])
        #expect(gaps.dropFirst(3).allSatisfy { $0 == t2 })
        #expect(clock.instants { $0 == .informTUOfTimeout } == [t1 * 64])
        #expect(clock.performed.last?.action == .terminate)
        #expect(machine.state == .terminated)
    }

    @Test func inProceedingTimerEIsResetWithT2() throws {
        let register = try TransactionMessages.request(.register)
        var machine = try Machine(request: register, timers: udp)
        var clock = VirtualTimers()
        clock.perform(machine.start())
        clock.advance(to: t1 + t1 / 2) { machine.timerFired($0) }
        #expect(clock.scheduled[.E] == t1 + t1 * 2)

        let trying = try TransactionMessages.response(100, to: register, toTag: nil)
        let actions = machine.receivedResponse(trying)
        #expect(actions == [.passResponseToTU(trying)])
        clock.perform(actions)
        #expect(machine.state == .proceeding)

        // Timer E fires as scheduled in Trying, then every T2 (not 4·T1) while in Proceeding.
        clock.advance(to: t1 + t1 * 2 + t2) { machine.timerFired($0) }
        #expect(clock.instants { $0 == .sendRequest(register) } == [.zero, t1, t1 * 3, t1 * 3 + t2])
        #expect(clock.scheduled[.E] == t1 * 3 + t2 * 2)
        #expect(clock.scheduled[.F] == t1 * 64)

        let again = try TransactionMessages.response(180, to: register, toTag: nil)
        #expect(machine.receivedResponse(again) == [.passResponseToTU(again)])
    }

    @Test func timerFInProceedingTimesOut() throws {
        var machine = try Machine(request: try TransactionMessages.request(.options), timers: udp)
        _ = machine.start()
        _ = machine.receivedResponse(try TransactionMessages.response(100, to: machine.request, toTag: nil))
        #expect(machine.timerFired(.F) == [.informTUOfTimeout, .terminate])
        #expect(machine.state == .terminated)
    }

    @Test(arguments: [200, 202, 302, 401, 404, 500, 603])
    func finalResponseGoesUpAndRetransmissionsAreAbsorbedUntilTimerK(status: Int) throws {
        let register = try TransactionMessages.request(.register)
        var machine = try Machine(request: register, timers: udp)
        _ = machine.start()
        let trying = try TransactionMessages.response(100, to: register, toTag: nil)
        _ = machine.receivedResponse(trying)
        let final = try TransactionMessages.response(status, to: register)
        #expect(machine.receivedResponse(final) == [.cancelTimer(.E), .cancelTimer(.F), .passResponseToTU(final), .startTimer(.K, after: t4)])
        #expect(machine.state == .completed)
        #expect(machine.receivedResponse(final).isEmpty)
        #expect(machine.receivedResponse(trying).isEmpty)
        #expect(machine.timerFired(.E).isEmpty)
        #expect(machine.timerFired(.F).isEmpty)
        #expect(machine.state == .completed)
        #expect(machine.timerFired(.K) == [.terminate])
        #expect(machine.state == .terminated)
    }

    @Test func finalResponseInTryingGoesStraightToCompleted() throws {
        let bye = try TransactionMessages.request(.bye)
        var machine = try Machine(request: bye, timers: udp)
        _ = machine.start()
        let ok = try TransactionMessages.response(200, to: bye)
        #expect(machine.receivedResponse(ok) == [.cancelTimer(.E), .cancelTimer(.F), .passResponseToTU(ok), .startTimer(.K, after: t4)])
    }

    @Test func overTCPNothingIsRetransmittedAndTimerKIsZero() throws {
        let register = try TransactionMessages.request(.register, transport: "TCP")
        var machine = try Machine(request: register, timers: tcp)
        var clock = VirtualTimers()
        let started = machine.start()
        #expect(started == [.sendRequest(register), .startTimer(.F, after: t1 * 64)])
        clock.perform(started)
        clock.advance(to: t1 * 63) { machine.timerFired($0) }
        #expect(clock.instants { $0 == .sendRequest(register) } == [.zero])
        #expect(machine.timerFired(.E).isEmpty)

        let ok = try TransactionMessages.response(200, to: register)
        #expect(machine.receivedResponse(ok) == [.cancelTimer(.F), .passResponseToTU(ok), .terminate])
        #expect(tcp.timerK == .zero)
        #expect(machine.state == .terminated)
    }

    @Test func transportErrorInformsTheTUAndEnds() throws {
        var machine = try Machine(request: try TransactionMessages.request(.register), timers: udp)
        _ = machine.start()
        #expect(machine.transportError() == [.informTUOfTransportError, .terminate])
        #expect(machine.state == .terminated)
        #expect(machine.timerFired(.E).isEmpty)
    }

    @Test func refusesInviteAckAndOldBranches() throws {
        #expect(throws: SIPTransactionError(.methodNotAllowed, detail: "INVITE in a non-INVITE transaction")) {
            try Machine(request: try TransactionMessages.invite(), timers: udp)
        }
        #expect(throws: SIPTransactionError(.methodNotAllowed, detail: "ACK creates no client transaction")) {
            try Machine(request: try TransactionMessages.request(.ack), timers: udp)
        }
        #expect(throws: SIPTransactionError(.missingRFC3261Branch, detail: "z9hG4bK")) {
            try Machine(request: try TransactionMessages.request(.options, branch: "z9hG4bK"), timers: udp)
        }
    }
}
