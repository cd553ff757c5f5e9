import NIOCore
import NIOEmbedded
import Testing

@testable import SIP

/// The server half of the transaction layer (RFC 3261 §17.2, RFC 6026) driven on an
/// `EmbeddedEventLoop`: a request reaches the TU once, retransmissions are answered by the
/// transaction, the ACK of a non-2xx is absorbed.
@Suite struct SIPServerTransactionLayerTests {
    typealias Harness = TransactionLayerHarness

    let t1 = SIPTransactionTimers.defaultT1

    @Test func anInviteReachesTheTUOnceAndItsFinalResponseIsRetransmittedUntilTheACK() throws {
        let harness = try Harness()
        let invite = try TransactionMessages.invite()
        harness.deliver(invite)
        harness.deliver(invite)
        let transactions = harness.user.requests.withLock { $0 }
        try #require(transactions.count == 1)

        // §17.2.1: the transaction sends 100 Trying itself when the TU has not answered in 200 ms.
        harness.advance(by: .milliseconds(200))
        #expect(try harness.written().compactMap { $0.message.response?.status } == [100])

        transactions[0].respond(SIPResponse(answering: invite, status: 486, reason: "Busy Here", toTag: "x"))
        #expect(try harness.written().compactMap { $0.message.response?.status } == [486])
        harness.deliver(invite)
        #expect(try harness.written().compactMap { $0.message.response?.status } == [486])
        // Timer G over UDP.
        harness.advance(by: t1)
        #expect(try harness.written().compactMap { $0.message.response?.status } == [486])

        let ack = try invite.makeACK(for: SIPResponse(answering: invite, status: 486, reason: "Busy Here", toTag: "x"))
        harness.deliver(ack)
        #expect(harness.user.acks.withLock { $0.isEmpty }, "the ACK of a non-2xx is the transaction's")
        // Timer I (T4 over UDP) absorbs retransmitted ACKs, then the transaction ends.
        harness.advance(by: SIPTransactionTimers.defaultT4)
        #expect(try harness.written().isEmpty)
        #expect(harness.layer.count == 0)
    }

    @Test func aNonInviteIsAnsweredAgainForItsRetransmissions() throws {
        let harness = try Harness()
        let options = try TransactionMessages.request(.options)
        harness.deliver(options)
        let transaction = try #require(harness.user.requests.withLock { $0.first })
        transaction.respond(SIPResponse(answering: options, status: 200, reason: "OK", toTag: "y"))
        harness.deliver(options)
        #expect(try harness.written().compactMap { $0.message.response?.status } == [200, 200])
        #expect(harness.user.requests.withLock { $0.count } == 1)
        // Timer J is 64·T1 over UDP.
        harness.advance(by: t1 * 64)
        #expect(harness.layer.count == 0)
    }

    @Test func anUnacknowledgedFinalResponseTimesOutWithTimerH() throws {
        let harness = try Harness()
        let invite = try TransactionMessages.invite()
        harness.deliver(invite)
        let transaction = try #require(harness.user.requests.withLock { $0.first })
        transaction.respond(SIPResponse(answering: invite, status: 486, reason: "Busy Here", toTag: "x"))
        harness.advance(by: t1 * 64)
        #expect(harness.user.timeouts.withLock { $0 } == 1)
        #expect(harness.layer.count == 0)
    }

    @Test func serverAndClientTransactionsOfOneBranchAreApart() throws {
        let harness = try Harness()
        let options = try TransactionMessages.request(.options)
        harness.deliver(options)
        // A response carrying the same branch is not the server transaction's: it goes to the TU.
        harness.deliver(try TransactionMessages.response(200, to: options))
        #expect(harness.user.responses.withLock { $0.count } == 1)
        #expect(harness.layer.count == 1)
    }
}
