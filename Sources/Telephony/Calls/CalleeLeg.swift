import SIP

/// One branch of a forked call: the INVITE the B2BUA sent to one registered contact of the
/// callee, and what became of it. Owned by its ``InternalCall``, on the SIP loop.
final class CalleeLeg {
    enum State: Equatable {
        case calling
        /// A provisional response came: a CANCEL can be sent (§9.1).
        case early
        case answered
        /// Its final non-2xx response, or 408 for a timeout or a dead flow.
        case failed(Int)
    }

    /// The callee's terminal; `nil` for a leg to a SIP provider.
    let terminal: Int?
    let target: SIPTarget
    /// The INVITE as built, before the transaction layer added its Via; replaced by the one
    /// with credentials when a provider challenges it.
    var invite: SIPRequest
    /// For a leg to a provider: the account it goes out on, and whether a challenge was
    /// answered already (once, like a REGISTER's).
    var trunk: TrunkLeg?
    var transaction: SIPClientTransaction?
    var dialog: SIPDialog?
    var state: State = .calling

    init(terminal: Int?, target: SIPTarget, invite: SIPRequest, trunk: TrunkLeg? = nil) {
        self.terminal = terminal
        self.target = target
        self.invite = invite
        self.trunk = trunk
    }

    var callID: String { (try? invite.headers.callID) ?? "" }

    var isPending: Bool { state == .calling || state == .early }
}
