import ControlPlane
import Domain
import Foundation
import Media
import NIOCore
import SIP

extension B2BUA {
    /// Carries out a function code dialled by `caller` (manual Tab. 23, §5.4.1–5.4.3; issue 15
    /// point 5) through the same command the API submits, and acknowledges it the way the manual's
    /// phones hear it: the call is answered, about one second of the acknowledgement tone is sent
    /// as G.711 RTP to the address of the phone's offer, and Callplane hangs up. A refused code —
    /// a user without the permission, a command the system refuses — is answered 403 naming why.
    ///
    /// The tone needs the phone's offer: an INVITE without SDP, or one with neither PCMU nor PCMA,
    /// gets 488 (RFC 3261 §21.4.26). The call is in the log like any other (kind `functionCode`).
    func functionCode(
        _ code: FunctionCode, request: SIPRequest, in transaction: SIPServerTransaction, caller: Terminal, callerUser: User?, permitted: Bool,
        toTag: String, execute: @escaping @Sendable (Command, CommandOrigin) async -> String?, now: Int64
    ) {
        func answer(_ status: Int, _ reason: String) {
            transaction.respond(SIPResponse(answering: request, status: status, reason: reason, toTag: toTag))
        }
        guard let user = callerUser else { return answer(403, "Forbidden (the terminal belongs to no user)") }
        guard permitted else { return answer(403, "Forbidden (the user may not use the remote maintenance function codes, manual §5.4.1)") }
        let plan: ToneSDPAnswer
        do {
            guard request.body.readableBytes > 0 else { return answer(488, "Not Acceptable Here (no SDP offer for the acknowledgement tone)") }
            plan = try ToneSDPAnswer(offer: try SDPSessionDescription(parsing: request.body.readableBytesView))
        } catch let error as ToneSDPAnswerError {
            var refusal = SIPResponse(answering: request, status: error.status, reason: error.reason, toTag: toTag)
            refusal.headers.add("Warning", "\(error.warningCode) callplane \"\(error)\"")
            return transaction.respond(refusal)
        } catch {
            return answer(488, "Not Acceptable Here (the SDP offer cannot be read: \(error))")
        }
        let peer = transaction.peer
        let source = peer.source
        let start = CallStart(
            callID: CallRecorder.makeCallID(), caller: user.number, callerTerminal: caller.id, callerSource: source,
            dialled: code.dialString, callee: nil, kind: .functionCode, at: now)
        recorder.record(start)
        answer(100, "Trying")
        let host = peer.localAddress?.ipAddress ?? "127.0.0.1"
        let contact = Self.contact(for: peer)
        let origin = CommandOrigin(actor: "sip:" + user.number, source: source)
        let command = code.command(userNumber: user.number, at: now)
        Task { [self] in
            if let refusal = await execute(command, origin) {
                answer(403, "Forbidden (\(refusal))")
                recorder.ended(callID: start.callID, cause: .refused, endedBy: .system, terminals: [caller.id])
                return
            }
            let player: TonePlayer
            do {
                player = try await TonePlayer.open(host: host)
            } catch {
                answer(500, "Server Internal Error (no socket for the acknowledgement tone: \(error))")
                recorder.ended(callID: start.callID, cause: .failed, endedBy: .system, terminals: [caller.id])
                return
            }
            var ok = SIPResponse(answering: request, status: 200, reason: "OK", toTag: toTag)
            ok.headers.add(.contact, contact.description)
            ok.headers.add(.contentType, SIPMediaType.sdp.description)
            ok.body = ByteBuffer(string: plan.answer(address: host, port: UInt16(player.localPort), sessionID: UInt64.random(in: 1...UInt64(Int64.max))).text)
            transaction.respond(ok)
            recorder.answered(callID: start.callID, terminal: nil, contact: contact.uri.description)
            if plan.sendsTone {
                _ = try? await player.play(.acknowledgement, law: plan.law, payloadType: plan.payloadType, to: plan.remoteAddress)
            } else {
                try? await Task.sleep(for: .seconds(1))
                await player.close()
            }
            if var dialog = try? SIPDialog(answering: request, localTag: toTag, localContact: contact) {
                let bye = dialog.request(.bye)
                _ = signalling.send(bye, to: .phone(over: peer, contact: dialog.remoteTarget)) { _ in }
            }
            recorder.ended(callID: start.callID, cause: .normal, endedBy: .callee, terminals: [caller.id])
        }
    }
}
