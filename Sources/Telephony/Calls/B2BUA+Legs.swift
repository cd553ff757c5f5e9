import Domain
import Media
import NIOCore
import SIP

extension B2BUA {
    /// What one leg's INVITE transaction reports.
    func legEvent(_ event: SIPClientTransactionEvent, callID: String) {
        guard let call = tables.value.calls[callID], let leg = call.leg(withCallID: callID) else { return }
        switch event {
        case .response(let response) where response.status == 100:
            return
        case .response(let response) where response.isProvisional:
            guard leg.isPending else { return }
            leg.state = .early
            if call.phase == .ringing { relayProvisional(response, of: call) }
        case .response(let response) where response.status < 300:
            answered(leg, of: call, with: response)
        case .response(let response) where (response.status == 401 || response.status == 407) && leg.trunk != nil:
            if !answerChallenge(response, of: leg, in: call) { failed(leg, of: call, with: response) }
        case .response(let response):
            failed(leg, of: call, with: response)
        case .timedOut, .transportError:
            guard leg.isPending else { return }
            failed(leg, of: call, with: SIPResponse(answering: leg.invite, status: 408, reason: "Request Timeout", toTag: ""))
        }
    }

    /// 180 or 183 to the caller, in the early dialog of the one To tag it will see (§13.3.1.1).
    private func relayProvisional(_ response: SIPResponse, of call: InternalCall) {
        var relayed = SIPResponse(answering: call.invite.request, status: response.status, reason: response.reason, toTag: call.callerTag)
        relayed.headers.add(.contact, call.callerDialog.localContact.description)
        carryBody(of: response, into: &relayed, of: call, from: .callee)
        call.invite.respond(relayed)
    }

    /// The first 2xx wins (§16.7 step 5: the B2BUA forwards it alone); the other legs are
    /// cancelled. A 2xx after that, or after the caller gave up, is acknowledged and hung up at
    /// once, so no phone is left in a call nobody hears (§15: a UAC that does not want the call
    /// sends BYE after ACK).
    private func answered(_ leg: CalleeLeg, of call: InternalCall, with response: SIPResponse) {
        guard leg.dialog == nil, var dialog = try? SIPDialog(invite: leg.invite, response: response) else { return }
        signalling.sendStateless(dialog.acknowledgement(of: leg.trunk?.sequence ?? 1), to: leg.target)
        guard call.phase == .ringing else {
            leg.state = .failed(200)
            _ = signalling.send(dialog.request(.bye), to: leg.target) { _ in }
            forgetIfSettled(leg, of: call)
            return
        }
        leg.dialog = dialog
        leg.state = .answered
        call.phase = .answered
        call.answeredLeg = leg
        for other in call.legs where other !== leg && other.isPending { other.transaction?.cancel() }
        var answer = SIPResponse(answering: call.invite.request, status: 200, reason: "OK", toTag: call.callerTag)
        answer.headers.add(.contact, call.callerDialog.localContact.description)
        answer.headers.add(.allow, CallCore.allowHeader)
        carryBody(of: response, into: &answer, of: call, from: .callee)
        call.answer = answer
        call.invite.respond(answer)
        recorder.answered(
            callID: call.start.callID, terminal: leg.terminal, contact: leg.invite.uri.description, relayed: call.media != nil,
            callerSRTP: Self.isSecure(
                offer: call.invite.request.body, offerHeaders: call.invite.request.headers, answer: answer.body, answerHeaders: answer.headers),
            calleeSRTP: Self.isSecure(offer: leg.invite.body, offerHeaders: leg.invite.headers, answer: response.body, answerHeaders: response.headers))
        endReplacedCall(of: call)
        if !call.invite.peer.transport.isReliable { scheduleAnswerRetransmission(of: call, after: Self.t1, waited: .zero) }
    }

    private func failed(_ leg: CalleeLeg, of call: InternalCall, with response: SIPResponse) {
        guard leg.isPending else { return }
        leg.state = .failed(response.status)
        call.failures.append(response)
        forgetIfSettled(leg, of: call)
        guard call.phase == .ringing, !call.legs.contains(where: \.isPending) else { return }
        let (status, reason, cause) = Self.bestResponse(call.failures)
        call.invite.respond(SIPResponse(answering: call.invite.request, status: status, reason: reason, toTag: call.callerTag))
        end(call, cause: cause, endedBy: .callee)
    }

    /// A leg of an ended call is forgotten once its INVITE can no longer be answered.
    private func forgetIfSettled(_ leg: CalleeLeg, of call: InternalCall) {
        if call.phase == .ended, !leg.isPending { tables.value.calls[leg.callID] = nil }
    }

    /// §16.7 step 6, for a B2BUA: a 6xx ends the search; a busy terminal makes the user busy
    /// (486, so the caller hears busy tone rather than "unavailable"); otherwise the lowest class.
    /// A timeout or a challenge from a phone, neither of which the caller can act on, becomes 480.
    static func bestResponse(_ failures: [SIPResponse]) -> (Int, String, CallEndCause) {
        if let global = failures.first(where: { $0.status >= 600 }) {
            return (global.status, global.reason, global.status == 600 ? .busy : .refused)
        }
        if failures.contains(where: { $0.status == 486 }) { return (486, "Busy Here", .busy) }
        let best = failures.min { $0.status < $1.status }
        switch best?.status {
        case nil, 401, 407, 408, 480: return (480, "Temporarily Unavailable", best?.status == 408 ? .noAnswer : .unavailable)
        case let status?: return (status, best?.reason ?? "", .failed)
        }
    }

    /// Copies an SDP (or other) body and its type from a response to the one relayed; SDP from
    /// `side` of a relayed call goes through its relay session (``mediaBody(_:headers:of:from:isOffer:)``).
    func carryBody(of response: SIPResponse, into relayed: inout SIPResponse, of call: InternalCall?, from side: RelaySide) {
        guard response.body.readableBytes > 0, let type = response.headers.first(.contentType) else { return }
        relayed.headers.add(.contentType, type)
        relayed.body = call.map { mediaBody(response.body, headers: response.headers, of: $0, from: side, isOffer: false) } ?? response.body
    }

    private func scheduleAnswerRetransmission(of call: InternalCall, after delay: TimeAmount, waited: TimeAmount) {
        let callID = call.callerDialog.callID
        let identity = ObjectIdentifier(call)
        // Not cancelled at the ACK or the end: it finds the call gone or its answer acknowledged.
        signalling.schedule(in: delay) { [self] in
            guard let call = self.tables.value.calls[callID], ObjectIdentifier(call) == identity, call.phase == .answered,
                let answer = call.answer
            else { return }
            let total = waited + delay
            guard total < .nanoseconds(Self.t1.nanoseconds * 64) else {
                // §13.3.1.4: no ACK within 64·T1 — the dialog is confirmed and then ended.
                self.end(call, cause: .failed, endedBy: .system)
                return
            }
            call.invite.respond(answer)
            self.scheduleAnswerRetransmission(of: call, after: min(delay + delay, Self.t2), waited: total)
        }
    }
}
