import Testing

@testable import SIP

/// RFC 3261 Figure 8, transition by transition, over UDP and TCP.
@Suite struct SIPNonInviteServerTransactionTests {
    typealias Machine = SIPNonInviteServerTransaction.StateMachine

    let t1 = SIPTransactionTimers.defaultT1
    let udp = SIPTransactionTimers.rfc3261(reliableTransport: false)
    let tcp = SIPTransactionTimers.rfc3261(reliableTransport: true)

    @Test func retransmittedRequestsGetTheLastResponseUntilTimerJ() throws {
        let register = try TransactionMessages.request(.register)
        var machine = try Machine(request: register, timers: udp)
        #expect(machine.state == .trying)
        #expect(machine.start() == [.passRequestToTU(register)])
        #expect(machine.start().isEmpty)
        // §17.2.2: discarded in Trying, where there is nothing to resend.
        #expect(machine.receivedRetransmission().isEmpty)

        let trying = try TransactionMessages.response(100, to: register, toTag: nil)
        #expect(try machine.sendResponse(trying) == [.sendResponse(trying)])
        #expect(machine.state == .proceeding)
        #expect(machine.receivedRetransmission() == [.sendResponse(trying)])

        let ok = try TransactionMessages.response(200, to: register)
        var clock = VirtualTimers()
        let sent = try machine.sendResponse(ok)
        #expect(sent == [.sendResponse(ok), .startTimer(.J, after: t1 * 64)])
        clock.perform(sent)
        #expect(machine.state == .completed)
        #expect(machine.receivedRetransmission() == [.sendResponse(ok)])
        #expect(throws: SIPTransactionError(.responseNotAllowedInState, detail: "500 in completed")) {
            try machine.sendResponse(try TransactionMessages.response(500, to: register))
        }

        clock.advance(to: t1 * 64) { machine.timerFired($0) }
        #expect(clock.performed.last?.action == .terminate && clock.performed.last?.at == t1 * 64)
        #expect(machine.state == .terminated)
        #expect(machine.receivedRetransmission().isEmpty)
    }

    @Test func aFinalResponseInTryingCompletesAtOnce() throws {
        let options = try TransactionMessages.request(.options)
        var machine = try Machine(request: options, timers: udp)
        _ = machine.start()
        let ok = try TransactionMessages.response(200, to: options)
        #expect(try machine.sendResponse(ok) == [.sendResponse(ok), .startTimer(.J, after: t1 * 64)])
        #expect(machine.timerFired(.K).isEmpty)
        #expect(machine.state == .completed)
    }

    @Test func overTCPTimerJIsZero() throws {
        let register = try TransactionMessages.request(.register, transport: "TCP")
        var machine = try Machine(request: register, timers: tcp)
        _ = machine.start()
        let ok = try TransactionMessages.response(200, to: register)
        #expect(try machine.sendResponse(ok) == [.sendResponse(ok), .terminate])
        #expect(tcp.timerJ == .zero)
        #expect(machine.state == .terminated)
    }

    @Test func transportErrorInformsTheTUAndKeepsTheState() throws {
        let register = try TransactionMessages.request(.register)
        var machine = try Machine(request: register, timers: udp)
        _ = machine.start()
        let ok = try TransactionMessages.response(200, to: register)
        _ = try machine.sendResponse(ok)
        // RFC 6026 §8.8 (§17.2.4 for every server transaction).
        #expect(machine.transportError() == [.informTUOfTransportError])
        #expect(machine.state == .completed)
        #expect(machine.receivedRetransmission() == [.sendResponse(ok)])
    }

    @Test func refusesInviteAndAck() throws {
        #expect(throws: SIPTransactionError(.methodNotAllowed, detail: "INVITE in a non-INVITE transaction")) {
            try Machine(request: try TransactionMessages.invite(), timers: udp)
        }
        #expect(throws: SIPTransactionError(.methodNotAllowed, detail: "ACK in a non-INVITE transaction")) {
            try Machine(request: try TransactionMessages.request(.ack), timers: udp)
        }
    }
}
