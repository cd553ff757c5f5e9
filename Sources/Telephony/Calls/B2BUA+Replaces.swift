import SIP

/// Attended transfer (RFC 3891 Replaces with RFC 3515 REFER; issue 15 point 4).
///
/// A talks to B and, in a second call, to C. A's REFER to B (relayed like a blind transfer's)
/// carries `Refer-To: <C?Replaces=…>`, where the Replaces names A's dialog with Callplane in
/// the call to C. B then sends Callplane an INVITE with that Replaces. Callplane is a B2BUA, so
/// C's phone has a dialog with Callplane, not with A: the INVITE is carried as a new call from B
/// to the very terminal and flow C talks on — no forking, no busy check — with a Replaces that
/// names C's own dialog with Callplane, so C's phone swaps the old call for the new one without
/// ringing (RFC 3891 §3) and hangs the old one up. Once C answers, Callplane ends the replaced
/// call itself too (BYE to A and, should C's phone not have done it, to C), ended by the
/// `system` with cause `normal`: the transfer, not either phone, ended it.
extension B2BUA {
    /// Where a call that replaces another call's dialog goes.
    struct Replacement {
        /// The call whose dialog is replaced.
        let call: InternalCall
        /// The party that stays: its terminal and the flow it talks on.
        let staying: ReachableContact
        /// The staying party's user number (the To of the new leg), `nil` for a terminal of no user.
        let stayingUser: String?
        /// The Replaces of the new leg's INVITE: the staying party's own dialog with Callplane.
        let replaces: SIPReplaces
    }

    /// The connected call one of whose dialogs with Callplane `replaces` names, as Callplane
    /// knows it (`to-tag` Callplane's tag, `from-tag` the phone's); `nil` when there is none,
    /// when the call is not connected, or when only an early dialog may be replaced (§3: 481).
    func replacement(for replaces: SIPReplaces) -> Replacement? {
        guard !replaces.earlyOnly, let call = tables.value.calls[replaces.callID], call.phase == .answered, let leg = call.answeredLeg,
            let legDialog = leg.dialog
        else { return nil }
        let callerDialog = call.callerDialog
        // A leg to a provider is not a phone Callplane can ring again: transferring the outside
        // party by Replaces comes with the media relay (issue 16, point 3).
        if replaces.names(callerDialog), let terminal = leg.terminal {
            let staying = ReachableContact(terminal: terminal, contact: legDialog.remoteTarget, peer: leg.target.peer)
            return Replacement(call: call, staying: staying, stayingUser: call.start.callee, replaces: SIPReplaces(naming: legDialog))
        }
        if replaces.names(legDialog), let callerTerminal = call.start.callerTerminal {
            let staying = ReachableContact(terminal: callerTerminal, contact: callerDialog.remoteTarget, peer: call.callerTarget.peer)
            return Replacement(call: call, staying: staying, stayingUser: call.start.caller, replaces: SIPReplaces(naming: callerDialog))
        }
        return nil
    }

    /// The replacing call was answered: the replaced one ends, if the staying phone has not
    /// ended it already.
    func endReplacedCall(of call: InternalCall) {
        guard let replaced = call.replacedCall, replaced.phase == .answered else { return }
        call.replacedCall = nil
        end(replaced, cause: .normal, endedBy: .system)
    }
}
