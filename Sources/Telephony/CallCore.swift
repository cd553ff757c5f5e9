import Domain
import EventLog
import Logging
import SIP

/// The communication server's SIP element: what every request that reaches a listener meets
/// (issue 15). It inspects each request the way RFC 3261 §8.2 asks of a UAS and answers what it
/// can answer from the configuration alone; the registrar, the B2BUA's calls, function codes and
/// emergency numbers take their requests from here as they land.
///
/// It is the transaction user of the ``SIPServerTransactionLayer``: retransmissions are answered
/// by the transactions and never reach it. REGISTER goes to the ``Registrar``; an INVITE finds the dialled number in the numbering
/// plan and is answered 404 for an unknown number, 484 for the start of one (§21.4.22) and 480
/// while calls are not yet carried.
public final class CallCore: SIPTransactionUser {
    /// The methods served so far (Allow).
    static let allowedMethods: [SIPMethod] = [.invite, .ack, .bye, .cancel, .options, .register]

    private let inspection = SIPRequestInspection(allowedMethods: CallCore.allowedMethods)
    private let configuration: @Sendable () -> (state: SystemState, position: Int64)
    private let registrar: Registrar
    private let blackList: DoSBlackList
    private let clock: any WallClock
    private let raise: @Sendable (EventMessageRequest) -> Void
    private let logger: Logger

    /// - Parameters:
    ///   - configuration: the newest published configuration (users, terminals) and the log
    ///     position it was folded to; read on the event loop for each request, so it must be cheap.
    ///   - raise: raises an event message through the command pipeline, without waiting.
    public init(
        configuration: @escaping @Sendable () -> (state: SystemState, position: Int64), registrar: Registrar, blackList: DoSBlackList, clock: any WallClock,
        raise: @escaping @Sendable (EventMessageRequest) -> Void, logger: Logger
    ) {
        self.configuration = configuration
        self.registrar = registrar
        self.blackList = blackList
        self.clock = clock
        self.raise = raise
        self.logger = logger
    }

    public func admits(_ peer: SIPPeer) -> Bool {
        blackList.admits(Self.address(peer), now: clock.now())
    }

    public func received(_ request: SIPRequest, in transaction: SIPServerTransaction) {
        let peer = transaction.peer
        count(.tooManyTransactions, peer)
        let tag = SIPTag.random()
        if let refusal = inspection.refusal(of: request, toTag: tag) {
            transaction.respond(refusal)
            return
        }
        switch request.method {
        case .register:
            let (answer, attempt) = registrar.register(request, from: peer, configuration: configuration(), toTag: tag)
            transaction.respond(answer)
            if attempt == .failed { count(.registration, peer) }
        case .cancel:
            // §9.2: a CANCEL that matches a transaction gets 200 whatever that one's state; an
            // INVITE still waiting for its answer ends with 487.
            guard let invite = transaction.cancelledInvite() else {
                transaction.respond(SIPResponse(answering: request, status: 481, reason: "Call/Transaction Does Not Exist", toTag: tag))
                count(.noSession, peer)
                return
            }
            transaction.respond(SIPResponse(answering: request, status: 200, reason: "OK", toTag: tag))
            if invite.isProceeding {
                invite.respond(SIPResponse(answering: invite.request, status: 487, reason: "Request Terminated", toTag: tag))
            }
        default:
            guard let answer = answer(request, toTag: tag) else { return }
            transaction.respond(answer)
            if answer.status == 481 { count(.noSession, peer) }
        }
    }

    /// The ACK of a 2xx (no call answers yet) or a stray one: nothing to do.
    public func receivedACK(_ ack: SIPRequest, from peer: SIPPeer) {}

    public func refused(_ error: SIPParseError, from peer: SIPPeer) {
        logger.debug("malformed SIP message", metadata: ["peer": "\(peer)", "rule": "\(error)"])
        count(.modifiedMessage, peer)
    }

    /// The addresses blocked now and the end of each block (µs).
    public func blockedAddresses() -> [String: Int64] {
        blackList.blocked(now: clock.now())
    }

    /// Takes the configured DoS protection settings (called when the configuration moves).
    public func apply(_ settings: DoSProtectionSettings) {
        blackList.update(settings)
    }

    /// Ends the blocks whose period is over, each with "IP address removed from the DoS black
    /// list" (run every second of the server's clock).
    public func releaseBlocks() {
        let now = clock.now()
        for address in blackList.release(now: now) {
            logger.notice("DoS block ended", metadata: ["address": "\(address)"])
            raise(EventMessageRequest(type: "dos_black_list_ip_removed", parameters: ["ipAddress": address], at: now))
        }
    }

    private func count(_ cause: DoSBlockCause, _ peer: SIPPeer) {
        let address = Self.address(peer)
        let now = clock.now()
        guard blackList.note(cause, from: address, now: now) else { return }
        logger.warning("DoS block", metadata: ["address": "\(address)", "cause": "\(cause)"])
        raise(
            EventMessageRequest(
                type: "dos_black_list_ip_added", parameters: ["ipAddress": address, "cause": String(cause.rawValue)], at: now))
    }

    private static func address(_ peer: SIPPeer) -> String { peer.remoteAddress.ipAddress ?? "" }

    /// The final answer to a request that passed inspection, `nil` for an ACK.
    func answer(_ request: SIPRequest, toTag: String) -> SIPResponse? {
        switch request.method {
        case .ack:
            return nil
        case .options:
            // §11.2: what the server supports, whoever the Request-URI names — also with
            // Max-Forwards 0, since the element addressed answers (RFC 4475 §3.3.11).
            var response = SIPResponse(answering: request, status: 200, reason: "OK", toTag: toTag)
            response.headers.add(.allow, Self.allowedMethods.map(\.rawValue).joined(separator: ", "))
            response.headers.add(.accept, SIPMediaType.sdp.description)
            response.headers.add("Accept-Encoding", "identity")
            return response
        case .invite:
            return answerInvite(request, toTag: toTag)
        default:
            // BYE for a dialog that does not exist (§15.1.2).
            return SIPResponse(answering: request, status: 481, reason: "Call/Transaction Does Not Exist", toTag: toTag)
        }
    }

    private func answerInvite(_ request: SIPRequest, toTag: String) -> SIPResponse {
        // The call would be carried on to the callee's terminals (§16.6 step 3 for the leg the
        // B2BUA creates), so a request that may travel no further ends here.
        if let maxForwards = try? request.headers.maxForwards, maxForwards == 0 {
            return SIPResponse(answering: request, status: 483, reason: "Too Many Hops", toTag: toTag)
        }
        let dialled = request.uri.sipURI?.unescapedUser ?? ""
        switch Numbering(state: configuration().state).resolve(dialled) {
        case .user, .emergency:
            return SIPResponse(answering: request, status: 480, reason: "Temporarily Unavailable", toTag: toTag)
        case .incomplete:
            return SIPResponse(answering: request, status: 484, reason: "Address Incomplete", toTag: toTag)
        case .unknown:
            return SIPResponse(answering: request, status: 404, reason: "Not Found", toTag: toTag)
        }
    }
}
