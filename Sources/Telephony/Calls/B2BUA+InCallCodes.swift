import ControlPlane
import Domain
import Media
import NIOCore

extension B2BUA {
    /// A digit pressed during a relayed call, as the relay saw it in the side's RFC 4733
    /// telephone events (issue 16 point 5). The manual lets the remote maintenance function
    /// codes be dialled in talk state as in idle state ("e.g. after an enquiry", §5.4.2): once a
    /// side's last four digits are `*754`, `#754`, `*753` or `#753`, the code is carried out for
    /// that side's user with the same permission and command as when dialled, and the
    /// acknowledgement tone (or the refusal tone) is played into that side instead of the other
    /// side's voice for a second. Other digits pass on to the other side untouched.
    func digitPressed(_ digit: Character, from side: RelaySide, callID: String) {
        guard let call = tables.value.calls[callID], call.phase == .answered, let session = call.media else { return }
        let digits = String(((call.inCallDigits[side] ?? "") + String(digit)).suffix(4))
        call.inCallDigits[side] = digits
        guard case .code(let code) = FunctionCode.resolve(digits), code.remoteMaintenanceMode != nil else { return }
        call.inCallDigits[side] = ""
        let state = configuration()
        let number = side == .caller ? call.start.caller : call.start.callee
        let source = (side == .caller ? call.invite.peer : call.answeredLeg?.target.peer)?.source ?? "sip"
        guard let number, let user = state.users[number], CallCore.mayUseRemoteMaintenanceCodes(user, in: state) else {
            logger.notice("function code in a call refused", metadata: ["code": "\(code.dialString)", "user": "\(number ?? "-")"])
            session.play(.refusal, to: side)
            return
        }
        let command = code.command(userNumber: number, at: clock.now())
        let origin = CommandOrigin(actor: "sip:" + number, source: source)
        let execute = self.execute
        Task {
            let refusal = await execute(command, origin)
            session.play(refusal == nil ? .acknowledgement : .refusal, to: side)
        }
    }
}
