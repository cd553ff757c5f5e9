import Domain
import Logging
import SIP

/// The communication server's SIP element: what every request that reaches a listener meets
/// (issue 15). It inspects each request the way RFC 3261 §8.2 asks of a UAS and answers what it
/// can answer from the configuration alone; the registrar, the B2BUA's calls, function codes and
/// emergency numbers take their requests from here as they land.
///
/// This first step is stateless (§8.2.7): every request is answered at once and a retransmitted
/// one is answered again the same way. REGISTER is not yet served (405 with Allow) until the
/// registrar lands; an INVITE finds the dialled number in the numbering plan and is answered 404
/// for an unknown number, 484 for the start of one (§21.4.22) and 480 for a user who has no
/// registered terminal — which, before the registrar, is every user.
public final class CallCore: SIPTransportUser {
    /// The methods served so far (Allow).
    static let allowedMethods: [SIPMethod] = [.invite, .ack, .bye, .cancel, .options]

    private let inspection = SIPRequestInspection(allowedMethods: CallCore.allowedMethods)
    private let configuration: @Sendable () -> SystemState
    private let logger: Logger

    /// - Parameter configuration: the newest published configuration (users, terminals); read on
    ///   the event loop for each request, so it must be cheap.
    public init(configuration: @escaping @Sendable () -> SystemState, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
    }

    public func received(_ message: SIPMessage, from peer: SIPPeer) {
        // A response matches no client transaction yet: dropped, as §18.1.2 drops a response that
        // is not ours (RFC 4475 §3.3.10).
        guard case .request(let request) = message else { return }
        let tag = SIPTag.random()
        if let refusal = inspection.refusal(of: request, toTag: tag) {
            peer.send(refusal)
            return
        }
        guard let answer = answer(request, toTag: tag) else { return }
        peer.send(answer)
    }

    public func refused(_ error: SIPParseError, from peer: SIPPeer) {
        logger.debug("malformed SIP message", metadata: ["peer": "\(peer)", "rule": "\(error)"])
    }

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
            // BYE and CANCEL for dialogs and transactions that do not exist (§15.1.2, §9.2).
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
        switch Numbering(users: configuration().users).resolve(dialled) {
        case .user:
            return SIPResponse(answering: request, status: 480, reason: "Temporarily Unavailable", toTag: toTag)
        case .incomplete:
            return SIPResponse(answering: request, status: 484, reason: "Address Incomplete", toTag: toTag)
        case .unknown:
            return SIPResponse(answering: request, status: 404, reason: "Not Found", toTag: toTag)
        }
    }
}
