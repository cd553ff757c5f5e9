import Foundation
import SRMWire

/// The agent's side of remote maintenance sessions, as `Connectors/SRMAgent` plays it: accept
/// (or refuse with a reason) every session request, answer every relayed request on its own task,
/// so answers can come back in another order than the requests went.
extension TestAgent {
    /// Serves until the connection ends; `respond` makes each answer. `answering: false` leaves
    /// session requests unanswered.
    @discardableResult
    func serveMaintenance(
        refusal: String? = nil, answering: Bool = true,
        respond: @escaping @Sendable (SRMRelayedRequest) async -> SRMRelayedResponse = TestAgent.echo
    ) -> SeenFrames {
        let seen = SeenFrames()
        Task {
            while let frame = await next() {
                seen.append(frame)
                switch frame {
                case .sessionRequest(let session) where answering:
                    send(refusal.map { .sessionEnded(session: session.session, reason: $0) } ?? .sessionAccepted(session: session.session))
                case .httpRequest(let request):
                    Task { send(.httpResponse(await respond(request))) }
                default: break
                }
            }
        }
        return seen
    }

    /// Answers `200` with the relayed request itself as JSON, so a test sees what arrived.
    @Sendable static func echo(_ request: SRMRelayedRequest) async -> SRMRelayedResponse {
        SRMRelayedResponse(
            session: request.session, id: request.id, status: 200, headers: [["Content-Type", "application/json"]],
            body: Data(SRMFrameCoding.encode(request).utf8).base64EncodedString())
    }
}
