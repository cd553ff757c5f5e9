import NIOCore
import NIOEmbedded
import Testing

@testable import SIP

/// The client half of the transaction layer (RFC 3261 §17.1, RFC 6026 §8.4) driven on an
/// `EmbeddedEventLoop`: what it writes to the flow, when, and what it reports to the TU.
@Suite struct SIPClientTransactionLayerTests {
    typealias Harness = TransactionLayerHarness

    let t1 = SIPTransactionTimers.defaultT1

    static func invite() throws -> SIPRequest { Harness.withoutVia(try TransactionMessages.invite()) }
    static func options() throws -> SIPRequest { Harness.withoutVia(try TransactionMessages.request(.options)) }

    @Test func theLayerAddsItsOwnViaAndSendsToThePeer() throws {
        let harness = try Harness()
        let events = Harness.Events()
        let transaction = harness.layer.send(try Self.invite(), to: harness.target, events: events.handler)
        // Nothing happens before the loop runs the start: the TU holds the handle first.
        #expect(try harness.written().isEmpty)
        harness.loop.run()

        let written = try harness.written()
        try #require(written.count == 1)
        #expect(written[0].to == Harness.phone)
        let invite = try #require(written[0].message.request)
        #expect(invite == transaction.request)
        let vias = try invite.headers.via
        try #require(vias.count == 1)
        #expect(vias[0].transport == "UDP")
        #expect(vias[0].sentBy == "127.0.0.1:5060")
        #expect(vias[0].requestsRPort)
        #expect(vias[0].hasRFC3261Branch)
        #expect(try SIPTransactionKey.client(for: invite) == transaction.key)
        #expect(try invite.headers.callID == (try Self.invite().headers.callID))
        #expect(harness.layer.count == 1)

        // A second request gets a branch of its own.
        let second = harness.layer.send(try Self.invite(), to: harness.target, events: { _ in })
        #expect(second.key != transaction.key)
    }

    @Test func aUDPAddressOtherThanTheSourceIsUsed() throws {
        let harness = try Harness()
        let elsewhere = try SocketAddress(ipAddress: "192.0.2.99", port: 5080)
        _ = harness.layer.send(try Self.options(), to: SIPTarget(peer: harness.peer, address: elsewhere), events: { _ in })
        harness.loop.run()
        #expect(try harness.written().map(\.to) == [elsewhere])
    }

    @Test func inviteIsRetransmittedByTimerAUntilAProvisionalAndEachResponseReportedOnce() throws {
        let harness = try Harness()
        let events = Harness.Events()
        let transaction = harness.layer.send(try Self.invite(), to: harness.target, events: events.handler)
        harness.loop.run()
        #expect(try harness.sentRequests().count == 1)

        // §17.1.1.2: again after T1, then 2·T1 later, then 4·T1 later.
        harness.advance(by: t1)
        #expect(try harness.sentRequests() == [transaction.request])
        harness.advance(by: t1)
        #expect(try harness.sentRequests().isEmpty)
        harness.advance(by: t1)
        #expect(try harness.sentRequests() == [transaction.request])
        harness.advance(by: t1 * 4)
        #expect(try harness.sentRequests() == [transaction.request])

        harness.deliver(try TransactionMessages.response(180, to: transaction.request))
        #expect(events.summary == ["180"])
        harness.advance(by: t1 * 60)
        #expect(try harness.sentRequests().isEmpty, "no retransmission after a provisional response")
        #expect(events.summary == ["180"], "Timer B does not run in Proceeding")

        let ok = try TransactionMessages.response(200, to: transaction.request)
        harness.deliver(ok)
        #expect(events.summary == ["180", "200"])
        #expect(try harness.written().isEmpty, "the ACK of a 2xx is the dialog's (§13.2.2.4)")

        // RFC 6026 §8.4: in Accepted every 2xx retransmission is reported again.
        harness.advance(by: .seconds(2))
        harness.deliver(ok)
        #expect(events.summary == ["180", "200", "200"])
        #expect(harness.user.responses.withLock { $0.isEmpty })

        // Timer M ends the transaction; a later 2xx matches nothing and goes to the TU.
        harness.advance(by: t1 * 64)
        #expect(harness.layer.count == 0)
        harness.deliver(ok)
        #expect(events.summary == ["180", "200", "200"])
        #expect(harness.user.responses.withLock { $0.map(\.status) } == [200])
    }

    @Test func inviteTimesOutWithTimerB() throws {
        let harness = try Harness()
        let events = Harness.Events()
        _ = harness.layer.send(try Self.invite(), to: harness.target, events: events.handler)
        harness.loop.run()
        harness.advance(by: t1 * 64 - .milliseconds(1))
        #expect(events.summary.isEmpty)
        // Sent at 0, T1, 3·T1, 7·T1, 15·T1, 31·T1 and 63·T1 (Timer A doubles).
        #expect(try harness.sentRequests().count == 7)
        harness.advance(by: .milliseconds(1))
        #expect(events.summary == ["timedOut"])
        #expect(harness.layer.count == 0)
        harness.advance(by: .seconds(100))
        #expect(try harness.written().isEmpty)
        #expect(events.summary == ["timedOut"])
    }

    @Test func aNon2xxFinalResponseIsAcknowledgedByTheLayerAndItsRetransmissionsAbsorbed() throws {
        let harness = try Harness()
        let events = Harness.Events()
        let transaction = harness.layer.send(try Self.invite(), to: harness.target, events: events.handler)
        harness.loop.run()
        _ = try harness.written()

        let busy = try TransactionMessages.response(486, to: transaction.request)
        harness.deliver(busy)
        let ack = try #require(try harness.sentRequests().first)
        #expect(ack.method == .ack)
        #expect(try ack.headers.via.first?.branch == (try transaction.request.headers.via.first?.branch))
        #expect(events.summary == ["486"])

        harness.deliver(busy)
        #expect(try harness.sentRequests().map(\.method) == [.ack])
        #expect(events.summary == ["486"])

        // Timer D: at least 32 s over UDP.
        harness.advance(by: .seconds(32))
        #expect(harness.layer.count == 0)
    }

    @Test func nonInviteIsRetransmittedByTimerEUpToT2AndTimesOutWithTimerF() throws {
        let harness = try Harness()
        let events = Harness.Events()
        let transaction = harness.layer.send(try Self.options(), to: harness.target, events: events.handler)
        harness.loop.run()

        var sentAt: [Duration] = []
        var now = Duration.zero
        while now < t1 * 64 {
            if try !harness.sentRequests().isEmpty { sentAt.append(now) }
            harness.advance(by: .milliseconds(500))
            now += .milliseconds(500)
        }
        // §17.1.2.2: T1, 2·T1, 4·T1, then T2 (4 s) each time.
        let expected: [Duration] = [0, 0.5, 1.5, 3.5, 7.5, 11.5, 15.5, 19.5, 23.5, 27.5, 31.5].map { .milliseconds(Int($0 * 1000)) }
        #expect(sentAt == expected)
        #expect(events.summary == ["timedOut"])
        #expect(harness.layer.count == 0)

        harness.deliver(try TransactionMessages.response(200, to: transaction.request))
        #expect(events.summary == ["timedOut"])
        #expect(harness.user.responses.withLock { $0.count } == 1)
    }

    @Test func nonInviteFinalResponseIsReportedOnceAndTimerKAbsorbsItsRetransmissions() throws {
        let harness = try Harness()
        let events = Harness.Events()
        let transaction = harness.layer.send(try Self.options(), to: harness.target, events: events.handler)
        harness.loop.run()
        harness.deliver(try TransactionMessages.response(100, to: transaction.request))
        let ok = try TransactionMessages.response(200, to: transaction.request)
        harness.deliver(ok)
        harness.deliver(ok)
        #expect(events.summary == ["100", "200"])
        harness.advance(by: .seconds(10))
        #expect(try harness.sentRequests().count == 1, "only the first send: the final response stopped Timer E")
        // Timer K is T4 (5 s) over UDP.
        #expect(harness.layer.count == 0)
        harness.deliver(ok)
        #expect(harness.user.responses.withLock { $0.count } == 1)
    }

    @Test func cancelBeforeAProvisionalWaitsForIt() throws {
        let harness = try Harness()
        let events = Harness.Events()
        let transaction = harness.layer.send(try Self.invite(), to: harness.target, events: events.handler)
        transaction.cancel()
        harness.loop.run()
        #expect(try harness.sentRequests().map(\.method) == [.invite], "§9.1: no CANCEL before a provisional response")

        harness.deliver(try TransactionMessages.response(180, to: transaction.request))
        let cancel = try #require(try harness.sentRequests().first)
        #expect(cancel.method == .cancel)
        #expect(try cancel.headers.via == [try transaction.request.headers.via[0]])
        #expect(try cancel.headers.cseq.method == .cancel)
        #expect(try cancel.headers.cseq.sequenceNumber == (try transaction.request.headers.cseq.sequenceNumber))
        #expect(events.summary == ["180"])

        // The CANCEL's 200 concerns nobody; the INVITE's 487 is reported and acknowledged.
        harness.deliver(try TransactionMessages.response(200, to: cancel))
        harness.deliver(try TransactionMessages.response(487, to: transaction.request))
        #expect(events.summary == ["180", "487"])
        #expect(try harness.sentRequests().map(\.method) == [.ack])
        #expect(harness.user.responses.withLock { $0.isEmpty })

        transaction.cancel()
        harness.loop.run()
        #expect(try harness.written().isEmpty, "a CANCEL goes once")
    }

    @Test func cancelAfterAProvisionalGoesAtOnceAndGivesUpAfter64T1() throws {
        let harness = try Harness()
        let events = Harness.Events()
        let transaction = harness.layer.send(try Self.invite(), to: harness.target, events: events.handler)
        harness.loop.run()
        harness.deliver(try TransactionMessages.response(183, to: transaction.request))
        _ = try harness.written()

        transaction.cancel()
        harness.loop.run()
        #expect(try harness.sentRequests().map(\.method) == [.cancel])

        // §9.1: no final response within 64·T1 of the CANCEL — the INVITE is given up.
        harness.advance(by: t1 * 64 - .milliseconds(1))
        #expect(events.summary == ["183"])
        harness.advance(by: .milliseconds(1))
        #expect(events.summary == ["183", "timedOut"])
        #expect(harness.layer.count == 0)
    }

    @Test func cancelAfterAFinalResponseSendsNothing() throws {
        let harness = try Harness()
        let events = Harness.Events()
        let transaction = harness.layer.send(try Self.invite(), to: harness.target, events: events.handler)
        harness.loop.run()
        harness.deliver(try TransactionMessages.response(180, to: transaction.request))
        harness.deliver(try TransactionMessages.response(200, to: transaction.request))
        _ = try harness.written()
        transaction.cancel()
        harness.loop.run()
        #expect(try harness.written().isEmpty)
        harness.advance(by: t1 * 64)
        #expect(events.summary == ["180", "200"])
    }

    @Test func cancelOfANonInviteSendsNothing() throws {
        let harness = try Harness()
        let transaction = harness.layer.send(try Self.options(), to: harness.target, events: { _ in })
        harness.loop.run()
        harness.deliver(try TransactionMessages.response(100, to: transaction.request))
        _ = try harness.written()
        transaction.cancel()
        harness.loop.run()
        #expect(try harness.written().isEmpty)
    }

    @Test func aResponseForAnUnknownBranchGoesToTheTU() throws {
        let harness = try Harness()
        let events = Harness.Events()
        let transaction = harness.layer.send(try Self.invite(), to: harness.target, events: events.handler)
        harness.loop.run()
        let stranger = try TransactionMessages.response(180, to: TransactionMessages.rebranched(transaction.request, "z9hG4bKsomeoneelse"))
        harness.deliver(stranger)
        // Same branch, other method: §17.1.3 matches on both.
        var otherMethod = try TransactionMessages.response(200, to: transaction.request)
        otherMethod.headers.replaceOrAdd(.cseq, "314159 BYE")
        harness.deliver(otherMethod)
        #expect(events.summary.isEmpty)
        #expect(harness.user.responses.withLock { $0.map(\.status) } == [180, 200])
    }

    @Test func overTCPNothingIsRetransmittedButTimerBStillRuns() throws {
        let harness = try Harness(transport: .tcp)
        let events = Harness.Events()
        let transaction = harness.layer.send(try Self.invite(), to: harness.target, events: events.handler)
        harness.loop.run()
        #expect(try transaction.request.headers.via.first?.transport == "TCP")
        harness.advance(by: t1 * 64)
        #expect(try harness.sentRequests().count == 1)
        #expect(events.summary == ["timedOut"])

        // A non-2xx ends the transaction at once: Timer D is zero on a reliable transport.
        let second = harness.layer.send(try Self.invite(), to: harness.target, events: { _ in })
        harness.loop.run()
        harness.deliver(try TransactionMessages.response(486, to: second.request))
        #expect(harness.layer.count == 0)
    }

    @Test func aClosedConnectionIsATransportError() throws {
        let harness = try Harness(transport: .tcp)
        try harness.channel.close().wait()
        let events = Harness.Events()
        _ = harness.layer.send(try Self.invite(), to: harness.target, events: events.handler)
        harness.loop.run()
        #expect(events.summary == ["transportError"])
        #expect(harness.layer.count == 0)
        harness.advance(by: t1 * 64)
        #expect(events.summary == ["transportError"])
    }

    @Test func anACKCannotStartATransaction() throws {
        let harness = try Harness()
        let events = Harness.Events()
        let invite = try TransactionMessages.invite()
        let ack = Harness.withoutVia(try invite.makeACK(for: TransactionMessages.response(486, to: invite)))
        _ = harness.layer.send(ack, to: harness.target, events: events.handler)
        harness.loop.run()
        #expect(events.summary == ["transportError"])
        #expect(try harness.written().isEmpty)
    }

    @Test func sendStatelessAddsAFreshBranchAndKeepsNoState() throws {
        let harness = try Harness()
        let transaction = harness.layer.send(try Self.invite(), to: harness.target, events: { _ in })
        harness.loop.run()
        _ = try harness.written()
        harness.deliver(try TransactionMessages.response(200, to: transaction.request))

        var ack = try Self.invite()
        ack.method = .ack
        ack.headers.replaceOrAdd(.cseq, "314159 ACK")
        harness.layer.sendStateless(ack, to: harness.target)
        harness.layer.sendStateless(ack, to: harness.target)
        harness.loop.run()
        let sent = try harness.sentRequests()
        #expect(sent.map(\.method) == [.ack, .ack])
        let branches = try sent.map { try #require(try $0.headers.via.first?.branch) }
        let inviteBranch = try transaction.request.headers.via.first?.branch
        #expect(!branches.contains(inviteBranch ?? ""))
        #expect(Set(branches).count == 2)
        #expect(harness.layer.count == 1)
        harness.advance(by: .seconds(10))
        #expect(try harness.written().isEmpty)
    }
}
