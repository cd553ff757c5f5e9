import Testing

@testable import SIP

/// RFC 3261 Figure 7 as corrected by RFC 6026, transition by transition, over UDP and TCP.
@Suite struct SIPInviteServerTransactionTests {
    typealias Machine = SIPInviteServerTransaction.StateMachine

    let t1 = SIPTransactionTimers.defaultT1
    let t2 = SIPTransactionTimers.defaultT2
    let t4 = SIPTransactionTimers.defaultT4
    let udp = SIPTransactionTimers.rfc3261(reliableTransport: false)
    let tcp = SIPTransactionTimers.rfc3261(reliableTransport: true)

    @Test func sendsHundredTryingItselfWhenTheTUIsSilentFor200Milliseconds() throws {
        let invite = try TransactionMessages.invite()
        var machine = try Machine(request: invite, timers: udp)
        #expect(machine.state == .proceeding)
        #expect(machine.start() == [.passRequestToTU(invite), .startTimer(.trying, after: .milliseconds(200))])
        #expect(machine.receivedRetransmission().isEmpty)

        let actions = machine.timerFired(.trying)
        guard actions.count == 1, case .sendResponse(let trying) = actions[0] else { throw Failure("no 100 sent: \(actions)") }
        // §8.2.6: Via (all, in order), From, To, Call-ID, CSeq and Timestamp copied; no tag added.
        #expect(trying.status == 100 && trying.reason == "Trying")
        #expect(trying.headers[.via] == invite.headers[.via])
        #expect(trying.headers[.via].count == 2)
        #expect(trying.headers[.from] == invite.headers[.from])
        #expect(trying.headers[.to] == invite.headers[.to])
        #expect(try trying.headers.to.tag == nil)
        #expect(trying.headers[.callID] == invite.headers[.callID])
        #expect(try trying.headers.cseq == SIPCSeq(314_159, .invite))
        #expect(trying.headers["Timestamp"] == ["54"])
        #expect(!trying.headers.contains(.contact) && !trying.headers.contains(.route) && trying.body.readableBytes == 0)

        // §17.2.1: a retransmitted INVITE gets the last provisional response again.
        #expect(machine.receivedRetransmission() == [.sendResponse(trying)])
        #expect(machine.timerFired(.trying).isEmpty)
    }

    @Test func aProvisionalResponseFromTheTUCancelsTheTryingTimer() throws {
        let invite = try TransactionMessages.invite()
        var machine = try Machine(request: invite, timers: udp)
        _ = machine.start()
        let ringing = try TransactionMessages.response(180, to: invite)
        #expect(try machine.sendResponse(ringing) == [.cancelTimer(.trying), .sendResponse(ringing)])
        #expect(machine.timerFired(.trying).isEmpty)
        #expect(machine.receivedRetransmission() == [.sendResponse(ringing)])
        let progress = try TransactionMessages.response(183, to: invite)
        #expect(try machine.sendResponse(progress) == [.sendResponse(progress)])
        #expect(machine.receivedRetransmission() == [.sendResponse(progress)])
        #expect(machine.state == .proceeding)
    }

    @Test func nonSuccessFinalResponseIsRetransmittedDoublingFromT1CappedAtT2UntilTimerH() throws {
        let invite = try TransactionMessages.invite()
        var machine = try Machine(request: invite, timers: udp)
        var clock = VirtualTimers()
        clock.perform(machine.start())
        let busy = try TransactionMessages.response(486, to: invite)
        let sent = try machine.sendResponse(busy)
        #expect(sent == [.cancelTimer(.trying), .sendResponse(busy), .startTimer(.G, after: t1), .startTimer(.H, after: t1 * 64)])
        clock.perform(sent)
        #expect(machine.state == .completed)

        clock.advance(to: t1 * 64) { machine.timerFired($0) }

        // §17.2.1: Timer G starts at T1 and doubles up to T2; Timer H ends the wait for the ACK.
        var expected: [Duration] = []
        var at = Duration.zero
        var interval = t1
        while at < t1 * 64 {
            expected.append(at)
            at += interval
            interval = min(interval * 2, t2)
        }
        #expect(clock.instants { $0 == .sendResponse(busy) } == expected)
        #expect(clock.instants { $0 == .informTUOfTimeout } == [t1 * 64])
        #expect(clock.performed.last?.action == .terminate)
        #expect(machine.state == .terminated)
    }

    @Test func ackConfirmsTheFinalResponseAndTimerIAbsorbsItsRetransmissions() throws {
        let invite = try TransactionMessages.invite()
        var machine = try Machine(request: invite, timers: udp)
        _ = machine.start()
        let busy = try TransactionMessages.response(486, to: invite)
        _ = try machine.sendResponse(busy)
        #expect(machine.receivedRetransmission() == [.sendResponse(busy)])
        #expect(throws: SIPTransactionError(.responseNotAllowedInState, detail: "180 in completed")) {
            try machine.sendResponse(try TransactionMessages.response(180, to: invite))
        }

        let ack = try invite.makeACK(for: busy)
        #expect(machine.receivedACK(ack) == [.cancelTimer(.G), .cancelTimer(.H), .startTimer(.I, after: t4)])
        #expect(machine.state == .confirmed)
        #expect(machine.receivedACK(ack).isEmpty)
        #expect(machine.receivedRetransmission().isEmpty)
        #expect(machine.timerFired(.G).isEmpty)
        #expect(machine.timerFired(.H).isEmpty)
        #expect(machine.state == .confirmed)
        #expect(machine.timerFired(.I) == [.terminate])
        #expect(machine.state == .terminated)
    }

    @Test func successEndsInAcceptedWhereRetransmittedInvitesAreAbsorbed() throws {
        let invite = try TransactionMessages.invite()
        var machine = try Machine(request: invite, timers: udp)
        _ = machine.start()
        let ok = try TransactionMessages.response(200, to: invite)
        // RFC 6026 §8.5: the 2xx goes out once, not retransmitted by the transaction; Timer L.
        #expect(try machine.sendResponse(ok) == [.cancelTimer(.trying), .sendResponse(ok), .startTimer(.L, after: t1 * 64)])
        #expect(machine.state == .accepted)

        // RFC 6026 §7.1: retransmitted INVITEs neither reach the TU nor get an answer here.
        #expect(machine.receivedRetransmission().isEmpty)
        // The TU retransmits its 2xx (§13.3.1.4) through the transaction (RFC 6026 §8.7).
        #expect(try machine.sendResponse(ok) == [.sendResponse(ok)])
        #expect(throws: SIPTransactionError(.responseNotAllowedInState, detail: "486 in accepted")) {
            try machine.sendResponse(try TransactionMessages.response(486, to: invite))
        }
        #expect(throws: SIPTransactionError(.responseNotAllowedInState, detail: "180 in accepted")) {
            try machine.sendResponse(try TransactionMessages.response(180, to: invite))
        }
        let ack = try TransactionMessages.rebranched(try invite.makeACK(for: try TransactionMessages.response(486, to: invite)), "z9hG4bKack2xx")
        #expect(machine.receivedACK(ack) == [.passRequestToTU(ack)])
        #expect(machine.timerFired(.H).isEmpty)
        #expect(machine.state == .accepted)

        #expect(machine.timerFired(.L) == [.terminate])
        #expect(machine.state == .terminated)
        #expect(throws: SIPTransactionError(.responseNotAllowedInState, detail: "200 in terminated")) { try machine.sendResponse(ok) }
    }

    @Test func overTCPNothingIsRetransmittedAndTimerIIsZero() throws {
        let invite = try TransactionMessages.invite(transport: "TCP")
        var machine = try Machine(request: invite, timers: tcp)
        var clock = VirtualTimers()
        clock.perform(machine.start())
        let decline = try TransactionMessages.response(603, to: invite)
        let sent = try machine.sendResponse(decline)
        #expect(sent == [.cancelTimer(.trying), .sendResponse(decline), .startTimer(.H, after: t1 * 64)])
        clock.perform(sent)
        clock.advance(to: t1 * 63) { machine.timerFired($0) }
        #expect(clock.instants { $0 == .sendResponse(decline) } == [.zero])

        #expect(machine.receivedACK(try invite.makeACK(for: decline)) == [.cancelTimer(.H), .terminate])
        #expect(tcp.timerI == .zero)
        #expect(machine.state == .terminated)
    }

    @Test func transportErrorInformsTheTUAndKeepsTheState() throws {
        let invite = try TransactionMessages.invite()
        var machine = try Machine(request: invite, timers: udp)
        _ = machine.start()
        let ringing = try TransactionMessages.response(180, to: invite)
        _ = try machine.sendResponse(ringing)
        // RFC 6026 §8.8: inform the TU and remain in the current state.
        #expect(machine.transportError() == [.informTUOfTransportError])
        #expect(machine.state == .proceeding)
        #expect(machine.receivedRetransmission() == [.sendResponse(ringing)])
        let ok = try TransactionMessages.response(200, to: invite)
        _ = try machine.sendResponse(ok)
        #expect(machine.transportError() == [.informTUOfTransportError])
        #expect(machine.state == .accepted)
    }

    /// §17.2.3: an RFC 2543 ACK matches only with the To tag of the response the transaction
    /// sent; its key cannot say so, since the INVITE had no To tag.
    @Test func anRFC2543AckMustCarryTheToTagOfTheResponseSent() throws {
        let invite = try TransactionMessages.invite(branch: "7a83e")
        var machine = try Machine(request: invite, timers: udp)
        #expect(machine.isRFC2543)
        _ = machine.start()
        let busy = try TransactionMessages.response(486, to: invite, toTag: "x1")
        _ = try machine.sendResponse(busy)

        let stray = try invite.makeACK(for: try TransactionMessages.response(486, to: invite, toTag: "y2"))
        #expect(try SIPTransactionKey.server(matching: stray) == SIPTransactionKey.server(matching: invite))
        #expect(machine.receivedACK(stray) == [.passRequestToTU(stray)])
        #expect(machine.state == .completed)

        let ack = try invite.makeACK(for: busy)
        #expect(machine.receivedACK(ack) == [.cancelTimer(.G), .cancelTimer(.H), .startTimer(.I, after: t4)])
        #expect(machine.state == .confirmed)
    }

    @Test func refusesWhatIsNotAnInvite() throws {
        #expect(throws: SIPTransactionError(.methodNotAllowed, detail: "OPTIONS in an INVITE transaction")) {
            try Machine(request: try TransactionMessages.request(.options), timers: udp)
        }
    }
}
