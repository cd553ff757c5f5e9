import NIOCore
import Testing

@testable import SIP

/// RFC 3261 Figure 5 as corrected by RFC 6026, transition by transition, over UDP and TCP.
@Suite struct SIPInviteClientTransactionTests {
    typealias Machine = SIPInviteClientTransaction.StateMachine

    let t1 = SIPTransactionTimers.defaultT1
    let udp = SIPTransactionTimers.rfc3261(reliableTransport: false)
    let tcp = SIPTransactionTimers.rfc3261(reliableTransport: true)

    @Test func callingRetransmitsAtDoublingIntervalsUntilTimerB() throws {
        let invite = try TransactionMessages.invite()
        var machine = try Machine(request: invite, timers: udp)
        #expect(machine.state == .calling)
        var clock = VirtualTimers()
        let started = machine.start()
        #expect(started == [.sendRequest(invite), .startTimer(.A, after: t1), .startTimer(.B, after: t1 * 64)])
        clock.perform(started)

        clock.advance(to: t1 * 64) { machine.timerFired($0) }

        // §17.1.1.2: retransmit after T1, then 2·T1, 4·T1 … — not capped by T2 — until Timer B.
        var expected: [Duration] = []
        var at = Duration.zero
        var interval = t1
        while at < t1 * 64 {
            expected.append(at)
            at += interval
            interval *= 2
        }
        #expect(clock.instants { $0 == .sendRequest(invite) } == expected)
        #expect(expected.count == 7)
        #expect(clock.instants { $0 == .informTUOfTimeout } == [t1 * 64])
        #expect(clock.performed.last?.action == .terminate)
        #expect(machine.state == .terminated)
        #expect(machine.timerFired(.A).isEmpty)
        #expect(machine.receivedResponse(try TransactionMessages.response(486, to: invite)).isEmpty)
    }

    @Test func provisionalResponseStopsRetransmissionsAndTimerB() throws {
        let invite = try TransactionMessages.invite()
        var machine = try Machine(request: invite, timers: udp)
        _ = machine.start()
        #expect(!machine.mayBeCancelled)
        _ = machine.timerFired(.A)
        let ringing = try TransactionMessages.response(180, to: invite)
        #expect(machine.receivedResponse(ringing) == [.cancelTimer(.A), .cancelTimer(.B), .passResponseToTU(ringing)])
        #expect(machine.state == .proceeding)
        #expect(machine.mayBeCancelled)

        // A timer cancelled too late to stop it firing changes nothing.
        #expect(machine.timerFired(.A).isEmpty)
        #expect(machine.timerFired(.B).isEmpty)
        let progress = try TransactionMessages.response(183, to: invite)
        #expect(machine.receivedResponse(progress) == [.passResponseToTU(progress)])
        #expect(machine.state == .proceeding)
    }

    @Test(arguments: [300, 302, 404, 486, 500, 503, 600, 603])
    func nonSuccessFinalResponseIsAcknowledgedWithTheRightHeaders(status: Int) throws {
        let invite = try TransactionMessages.invite()
        var machine = try Machine(request: invite, timers: udp)
        _ = machine.start()
        let response = try TransactionMessages.response(status, to: invite, toTag: "8321234356")
        let actions = machine.receivedResponse(response)
        guard actions.count == 5, case .sendRequest(let ack) = actions[2] else { throw Failure("no ACK sent: \(actions)") }
        #expect(actions == [.cancelTimer(.A), .cancelTimer(.B), .sendRequest(ack), .passResponseToTU(response), .startTimer(.D, after: t1 * 64)])
        #expect(machine.state == .completed)
        #expect(!machine.mayBeCancelled)

        // §17.1.1.3.
        #expect(ack.method == .ack)
        #expect(ack.uri == invite.uri)
        #expect(ack.headers[.via] == ["SIP/2.0/UDP bigbox3.site3.atlanta.com;branch=z9hG4bK77ef4c2312983.1"])
        #expect(try ack.headers.via == [try invite.headers.via[0]])
        #expect(ack.headers[.from] == invite.headers[.from])
        #expect(ack.headers[.to] == response.headers[.to])
        #expect(try ack.headers.to.tag == "8321234356")
        #expect(ack.headers[.callID] == invite.headers[.callID])
        #expect(try ack.headers.cseq == SIPCSeq(314_159, .ack))
        #expect(ack.headers[.route] == ["<sip:ss2.biloxi.example.com;lr>", "<sip:ss3.biloxi.example.com;lr>"])
        #expect(try ack.headers.maxForwards == 69)
        #expect(!ack.headers.contains(.contact) && !ack.headers.contains(.contentType) && !ack.headers.contains("Timestamp"))
        #expect(ack.body.readableBytes == 0)
        // The ACK reads back as the codec would receive it, and matches the INVITE's server
        // transaction (§17.2.3).
        let read = try #require(try SIPMessageParser().parse(datagram: SIPMessage.request(ack).serialized()).request)
        #expect(try SIPTransactionKey.server(matching: read) == SIPTransactionKey.server(matching: invite))
    }

    @Test func retransmittedFinalResponsesAreAcknowledgedAgainUntilTimerD() throws {
        let invite = try TransactionMessages.invite()
        var machine = try Machine(request: invite, timers: udp)
        var clock = VirtualTimers()
        clock.perform(machine.start())
        clock.advance(to: t1 / 2) { machine.timerFired($0) }
        let busy = try TransactionMessages.response(486, to: invite)
        let first = machine.receivedResponse(busy)
        clock.perform(first)
        guard case .sendRequest(let ack) = first[2] else { throw Failure("no ACK sent") }

        // §17.1.1.2: Timer D is at least 32 s on UDP — 64·T1 with the default T1.
        #expect(udp.timerD == t1 * 64)
        #expect(udp.timerD == .seconds(32))
        #expect(clock.scheduled == [.D: t1 / 2 + udp.timerD])

        for _ in 0..<3 {
            #expect(machine.receivedResponse(busy) == [.sendRequest(ack)])
        }
        #expect(machine.receivedResponse(try TransactionMessages.response(200, to: invite)).isEmpty)
        #expect(machine.receivedResponse(try TransactionMessages.response(180, to: invite)).isEmpty)
        #expect(machine.state == .completed)

        clock.advance(to: t1 / 2 + udp.timerD) { machine.timerFired($0) }
        #expect(clock.performed.last?.action == .terminate && clock.performed.last?.at == t1 / 2 + udp.timerD)
        #expect(machine.state == .terminated)
        #expect(machine.receivedResponse(busy).isEmpty)
    }

    @Test func successEndsInAcceptedWhereRetransmissionsArePassedUp() throws {
        let invite = try TransactionMessages.invite()
        var machine = try Machine(request: invite, timers: udp)
        _ = machine.start()
        let ringing = try TransactionMessages.response(180, to: invite)
        _ = machine.receivedResponse(ringing)
        let ok = try TransactionMessages.response(200, to: invite)

        // RFC 6026 §8.4: the 2xx goes up, no ACK is generated, and Timer M runs 64·T1.
        #expect(machine.receivedResponse(ok) == [.passResponseToTU(ok), .startTimer(.M, after: t1 * 64)])
        #expect(machine.state == .accepted)
        #expect(machine.receivedResponse(ok) == [.passResponseToTU(ok)])
        let otherBranch = try TransactionMessages.response(200, to: invite, toTag: nil)
        var forked = otherBranch
        forked.headers.replaceOrAdd(.to, "Bob <sip:bob@biloxi.com>;tag=fork2")
        #expect(machine.receivedResponse(forked) == [.passResponseToTU(forked)])
        #expect(machine.receivedResponse(try TransactionMessages.response(486, to: invite)).isEmpty)
        #expect(machine.receivedResponse(ringing).isEmpty)
        #expect(machine.timerFired(.B).isEmpty)
        #expect(machine.timerFired(.D).isEmpty)
        #expect(machine.state == .accepted)

        #expect(machine.timerFired(.M) == [.terminate])
        #expect(machine.state == .terminated)
        #expect(machine.receivedResponse(ok).isEmpty)
    }

    @Test func successInCallingStopsTimersAAndB() throws {
        let invite = try TransactionMessages.invite()
        var machine = try Machine(request: invite, timers: udp)
        _ = machine.start()
        let ok = try TransactionMessages.response(200, to: invite)
        #expect(machine.receivedResponse(ok) == [.cancelTimer(.A), .cancelTimer(.B), .passResponseToTU(ok), .startTimer(.M, after: t1 * 64)])
    }

    @Test func overTCPNothingIsRetransmittedAndTimerDIsZero() throws {
        let invite = try TransactionMessages.invite(transport: "TCP")
        var machine = try Machine(request: invite, timers: tcp)
        #expect(machine.start() == [.sendRequest(invite), .startTimer(.B, after: t1 * 64)])
        #expect(machine.timerFired(.A).isEmpty)
        let notFound = try TransactionMessages.response(404, to: invite)
        let actions = machine.receivedResponse(notFound)
        guard actions.count == 4, case .sendRequest(let ack) = actions[1] else { throw Failure("no ACK sent: \(actions)") }
        #expect(ack.method == .ack && ack.headers[.via] == ["SIP/2.0/TCP bigbox3.site3.atlanta.com;branch=z9hG4bK77ef4c2312983.1"])
        #expect(actions == [.cancelTimer(.B), .sendRequest(ack), .passResponseToTU(notFound), .terminate])
        #expect(tcp.timerD == .zero)
        #expect(machine.state == .terminated)

        var accepted = try Machine(request: invite, timers: tcp)
        _ = accepted.start()
        let ok = try TransactionMessages.response(200, to: invite)
        #expect(accepted.receivedResponse(ok) == [.cancelTimer(.B), .passResponseToTU(ok), .startTimer(.M, after: t1 * 64)])
    }

    @Test func overTCPTimerBStillTimesOut() throws {
        let invite = try TransactionMessages.invite(transport: "TCP")
        var machine = try Machine(request: invite, timers: tcp)
        var clock = VirtualTimers()
        clock.perform(machine.start())
        clock.advance(to: t1 * 64) { machine.timerFired($0) }
        #expect(clock.instants { $0 == .sendRequest(invite) } == [.zero])
        #expect(clock.instants { $0 == .informTUOfTimeout } == [t1 * 64])
        #expect(machine.state == .terminated)
    }

    @Test func transportErrorInformsTheTUAndEnds() throws {
        let invite = try TransactionMessages.invite()
        var machine = try Machine(request: invite, timers: udp)
        _ = machine.start()
        #expect(machine.transportError() == [.informTUOfTransportError, .terminate])
        #expect(machine.state == .terminated)
        #expect(machine.transportError().isEmpty)
        #expect(machine.timerFired(.B).isEmpty)
    }

    @Test func startSendsOnce() throws {
        var machine = try Machine(request: try TransactionMessages.invite(), timers: udp)
        #expect(machine.start().count == 3)
        #expect(machine.start().isEmpty)
    }

    @Test func refusesWhatIsNotAnRFC3261Invite() throws {
        let register = try TransactionMessages.request(.register)
        #expect(throws: SIPTransactionError(.methodNotAllowed, detail: "REGISTER in an INVITE transaction")) {
            try Machine(request: register, timers: udp)
        }
        let old = try TransactionMessages.invite(branch: "7a83e")
        #expect(throws: SIPTransactionError(.missingRFC3261Branch, detail: "7a83e")) { try Machine(request: old, timers: udp) }
        var noCallID = try TransactionMessages.invite()
        noCallID.headers.remove(.callID)
        #expect(throws: SIPTransactionError(.malformedMessage, parseError: SIPParseError(.missingHeader, header: "Call-ID"))) {
            try Machine(request: noCallID, timers: udp)
        }
    }

    @Test func aResponseWithoutReadableToIsDropped() throws {
        let invite = try TransactionMessages.invite()
        var machine = try Machine(request: invite, timers: udp)
        _ = machine.start()
        var broken = try TransactionMessages.response(486, to: invite)
        broken.headers.remove(.to)
        #expect(machine.receivedResponse(broken).isEmpty)
        #expect(machine.state == .calling)
    }
}
