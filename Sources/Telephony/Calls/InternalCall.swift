import Domain
import Media
import NIOCore
import SIP

/// One call between two users through the B2BUA (issue 15 point 4): the caller's leg, where
/// Callplane is the UAS, and one ``CalleeLeg`` per registered contact of the callee, where it is
/// the UAC. Owned by the ``B2BUA``'s tables and touched only on the SIP loop.
final class InternalCall {
    enum Phase: Equatable {
        /// The legs are ringing; the caller's INVITE still waits for its final response.
        case ringing
        case answered
        case ended
    }

    let start: CallStart
    /// The caller's INVITE transaction: provisional responses, then the final one, go through it.
    let invite: SIPServerTransaction
    /// The To tag of every response to the caller, so its early and confirmed dialogs are one.
    let callerTag: String
    /// The caller's dialog as Callplane, the UAS, sees it (§12.1.1).
    var callerDialog: SIPDialog
    let callerTarget: SIPTarget
    var legs: [CalleeLeg] = []
    var phase: Phase = .ringing
    var answeredLeg: CalleeLeg?
    /// The 2xx sent to the caller, retransmitted until its ACK (§13.3.1.4): its retransmission
    /// task stops when it finds this `nil`.
    var answer: SIPResponse?
    /// When the caller gets 480 if no leg answered (``B2BUA/ringingLimit``).
    let ringingUntil = NIODeadline.now() + B2BUA.ringingLimit
    /// The final responses of the legs that failed, for the best response (§16.7 step 6).
    var failures: [SIPResponse] = []
    /// A REFER's subscription is named by its CSeq (RFC 3515 §2.4.6, `Event: refer;id=`), which
    /// differs in the two legs: the CSeq of each REFER re-issued, by the side it went to
    /// (`true`: the caller), → the CSeq the REFER had when it arrived.
    var referIDs: [ReferKey: UInt32] = [:]
    /// The call this one replaces (attended transfer, ``B2BUA/Replacement``): ended once this
    /// one is answered.
    var replacedCall: InternalCall?
    /// The SIP account a call to an outside number goes out on (its channel).
    var trunkAccount: Int?
    /// The call's relay session when its media goes through the relay (``B2BUA/relaysMedia``).
    var media: RelaySession?
    /// The last digits each side pressed during the call (``B2BUA/digitPressed(_:from:callID:)``).
    var inCallDigits: [RelaySide: String] = [:]
    /// How each side's media is carried once relayed (``B2BUA/security(of:over:)``).
    var security: [RelaySide: RelaySecurity] = [:]
    /// The server's address on the callee's (or provider's) signalling flow: what a relayed
    /// description sent that way announces when the relay is bound to every address.
    var calleeFacingHost: String?

    struct ReferKey: Hashable {
        var toCaller: Bool
        var sequence: UInt32
    }

    init(start: CallStart, invite: SIPServerTransaction, callerTag: String, callerDialog: SIPDialog, callerTarget: SIPTarget) {
        self.start = start
        self.invite = invite
        self.callerTag = callerTag
        self.callerDialog = callerDialog
        self.callerTarget = callerTarget
    }

    /// The Call-IDs the call is found by: the caller's and each leg's.
    var callIDs: [String] { [callerDialog.callID] + legs.map(\.callID) }

    var terminals: [Int] {
        (start.callerTerminal.map { [$0] } ?? []) + (answeredLeg.map { $0.terminal.map { [$0] } ?? [] } ?? legs.compactMap(\.terminal))
    }

    func leg(withCallID callID: String) -> CalleeLeg? { legs.first { $0.callID == callID } }
}
