import Domain
import Media
import NIOCore
import SIP

extension B2BUA {
    /// The header fields a request re-issued in the other leg keeps besides its body: what
    /// REFER (RFC 3515) and the NOTIFYs that report on it carry, and session timers' refresh.
    static let relayedFields: [SIPHeaderName] = [
        "Refer-To", "Referred-By", "Event", "Subscription-State", "Expires", "Session-Expires", "Privacy",
    ]

    /// A request inside a call's dialog, from either side. Returns `false` when no call has its
    /// Call-ID, so the call core answers 481 (§12.2.2).
    func receivedInDialog(_ request: SIPRequest, in transaction: SIPServerTransaction) -> Bool {
        guard let callID = try? request.headers.callID, let call = tables.value.calls[callID], call.phase != .ended else { return false }
        let fromCaller = callID == call.callerDialog.callID
        if fromCaller {
            guard call.callerDialog.remoteTag == ((try? request.headers.from.tag) ?? "") else { return false }
        } else {
            guard call.answeredLeg?.callID == callID else { return false }
        }
        switch request.method {
        case .bye:
            transaction.respond(SIPResponse(answering: request, status: 200, reason: "OK", toTag: ""))
            end(call, cause: call.phase == .answered ? .normal : .cancelled, endedBy: fromCaller ? .caller : .callee)
        default:
            relay(request, of: call, fromCaller: fromCaller, in: transaction)
        }
        return true
    }

    /// The ACK of a 2xx Callplane sent: for the caller's first 2xx it ends the retransmissions;
    /// the ACKs of re-INVITEs need nothing (Callplane acknowledged the other side's 2xx itself).
    func receivedACK(_ ack: SIPRequest) {
        guard let callID = try? ack.headers.callID, let call = tables.value.calls[callID], callID == call.callerDialog.callID else { return }
        call.answer = nil
    }

    /// Re-issues a request of one side in the other side's dialog (re-INVITE and UPDATE for
    /// hold and resume, INFO, REFER for a blind transfer, the NOTIFYs that report on it) and
    /// answers it with the other side's final response. The other side's 2xx to a re-INVITE is
    /// acknowledged by Callplane at once (§13.2.2.4); the side that sent it acknowledges
    /// Callplane's.
    private func relay(_ request: SIPRequest, of call: InternalCall, fromCaller: Bool, in transaction: SIPServerTransaction) {
        guard call.phase == .answered, let leg = call.answeredLeg, leg.dialog != nil else {
            transaction.respond(SIPResponse(answering: request, status: 491, reason: "Request Pending (the call is not connected yet)", toTag: ""))
            return
        }
        let inOrder = fromCaller ? call.callerDialog.receive(request) : leg.dialog!.receive(request)
        guard inOrder else {
            transaction.respond(SIPResponse(answering: request, status: 500, reason: "Server Internal Error (CSeq out of order, RFC 3261 §12.2.2)", toTag: ""))
            return
        }
        let type = request.headers.first(.contentType)
        let body = mediaBody(request.body, headers: request.headers, of: call, from: fromCaller ? .caller : .callee, isOffer: true)
        var forwarded =
            fromCaller
            ? leg.dialog!.request(request.method, body: body, contentType: type)
            : call.callerDialog.request(request.method, body: body, contentType: type)
        for name in Self.relayedFields {
            for value in request.headers[name] {
                forwarded.headers.add(name, name == "Event" ? Self.referEvent(value, of: call, notifiedBy: fromCaller) : value)
            }
        }
        let target = fromCaller ? leg.target : call.callerTarget
        let sequence = (try? forwarded.headers.cseq.sequenceNumber) ?? 0
        if request.method == .refer, let original = try? request.headers.cseq.sequenceNumber {
            call.referIDs[InternalCall.ReferKey(toCaller: !fromCaller, sequence: sequence)] = original
        }
        let otherCallID = fromCaller ? leg.callID : call.callerDialog.callID
        let ownContact = (fromCaller ? call.callerDialog.localContact : leg.dialog!.localContact).description
        _ = signalling.send(forwarded, to: target) { [self] event in
            switch event {
            case .response(let response) where response.isProvisional:
                return
            case .response(let response):
                var answer = SIPResponse(answering: request, status: response.status, reason: response.reason, toTag: "")
                let call = self.tables.value.calls[otherCallID]
                if (200..<300).contains(response.status), request.method == .invite {
                    if let call, call.phase == .answered {
                        let dialog = fromCaller ? call.answeredLeg?.dialog : call.callerDialog
                        if let ack = dialog?.acknowledgement(of: sequence) { self.signalling.sendStateless(ack, to: target) }
                    }
                    answer.headers.add(.contact, ownContact)
                }
                self.carryBody(of: response, into: &answer, of: call, from: fromCaller ? .callee : .caller)
                transaction.respond(answer)
            case .timedOut, .transportError:
                transaction.respond(SIPResponse(answering: request, status: 408, reason: "Request Timeout", toTag: ""))
            }
        }
    }

    /// The Event of a NOTIFY about a REFER, with the subscription's id as the other leg knows it
    /// (the CSeq its REFER had, RFC 3515 §2.4.6); any other Event as it came.
    static func referEvent(_ value: String, of call: InternalCall, notifiedBy caller: Bool) -> String {
        let parts = value.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.first?.lowercased() == "refer" else { return value }
        var id: UInt32?
        for part in parts.dropFirst() where part.lowercased().hasPrefix("id=") { id = UInt32(part.dropFirst(3)) }
        let mapped = id.flatMap { call.referIDs[InternalCall.ReferKey(toCaller: caller, sequence: $0)] }
        guard let mapped else { return value }
        return (["refer", "id=" + String(mapped)] + parts.dropFirst().filter { !$0.lowercased().hasPrefix("id=") }).joined(separator: ";")
    }
}
