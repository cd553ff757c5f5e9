import Domain
import EventLog
import Logging
import Media
import ControlPlane
import SIP
import Synchronization

/// The communication server's SIP element: what every request that reaches a listener meets
/// (issue 15). It inspects each request the way RFC 3261 §8.2 asks of a UAS and answers what it
/// can answer from the configuration alone; REGISTER goes to the ``Registrar``, calls to the
/// ``B2BUA``.
///
/// It is the transaction user of the SIP transaction layer: retransmissions are answered by the
/// transactions and never reach it. An INVITE outside a dialog is first tied to the terminal it
/// comes from (the flow it registered over, or digest in Proxy-Authorization — so the answer to
/// an unknown caller tells nothing about which numbers exist), then its number is looked up in
/// the numbering plan: 404 for an unknown number, 484 for the start of one (§21.4.22), and a
/// user's number becomes a call.
public final class CallCore: SIPTransactionUser {
    /// The methods served so far (Allow).
    static let allowedMethods: [SIPMethod] = [.invite, .ack, .bye, .cancel, .options, .register, .update, .info, .refer, .notify]
    /// The Allow value of OPTIONS answers, INVITEs and 2xx (§20.5).
    static let allowHeader = allowedMethods.map(\.rawValue).joined(separator: ", ")

    /// Option tags a request may require (§20.32): `replaces` (RFC 3891), which attended
    /// transfer uses.
    static let supportedOptions = ["replaces"]

    private let inspection = SIPRequestInspection(allowedMethods: CallCore.allowedMethods, supportedOptions: CallCore.supportedOptions)
    /// A request inside a call's dialog is re-issued in the other leg, so its body need only be
    /// one a phone sends there: SDP, the sipfrag of a transfer's NOTIFY (RFC 3515 §2.4.5), DTMF
    /// in INFO, text. SUBSCRIBE comes only in a dialog: the refresh or end of a transfer's
    /// implicit subscription.
    private let inDialogInspection = SIPRequestInspection(
        allowedMethods: CallCore.allowedMethods + [.subscribe],
        acceptedBodies: [
            .sdp, SIPMediaType(type: "message", subtype: "sipfrag"), SIPMediaType(type: "application", subtype: "dtmf-relay"),
            SIPMediaType(type: "application", subtype: "dtmf"), SIPMediaType(type: "text", subtype: "plain"),
        ])
    private let configuration: @Sendable () -> (state: SystemState, position: Int64)
    private let registrar: Registrar
    private let blackList: DoSBlackList
    private let clock: any WallClock
    private let raise: @Sendable (EventMessageRequest) -> Void
    /// Submits a command as the user who dialled a function code; `nil` when it was accepted,
    /// else the refusal's text.
    private let execute: @Sendable (Command, CommandOrigin) async -> String?
    private let logger: Logger
    /// Set once the transaction layer exists (it is built with this object as its user).
    private let calls = Mutex<B2BUA?>(nil)

    /// - Parameters:
    ///   - configuration: the newest published configuration (users, terminals) and the log
    ///     position it was folded to; read on the event loop for each request, so it must be cheap.
    ///   - raise: raises an event message through the command pipeline, without waiting.
    ///   - execute: submits a function code's command through the pipeline and waits for it.
    public init(
        configuration: @escaping @Sendable () -> (state: SystemState, position: Int64), registrar: Registrar, blackList: DoSBlackList, clock: any WallClock,
        raise: @escaping @Sendable (EventMessageRequest) -> Void, execute: @escaping @Sendable (Command, CommandOrigin) async -> String?, logger: Logger
    ) {
        self.execute = execute
        self.configuration = configuration
        self.registrar = registrar
        self.blackList = blackList
        self.clock = clock
        self.raise = raise
        self.logger = logger
    }

    /// Starts carrying calls through `signalling`, recording them with `recorder`; calls to
    /// outside numbers go out on the accounts of `trunks`, and the media of relayed calls goes
    /// through a relay bound to `mediaRelayHost` (`nil`: every call's media goes direct).
    public func attach(_ signalling: any CallSignalling, recorder: CallRecorder, trunks: TrunkRegistrar? = nil, mediaRelayHost: String? = nil) {
        // Two VoIP channels per relayed call (Tab. 12).
        let relay = mediaRelayHost.map {
            RTPRelay(host: $0, ports: configuration().state.telephony.mediaRelay.ports, sessionLimit: CapacityLimit.voipChannels.max / 2)
        }
        let b2bua = B2BUA(
            signalling: signalling, registrar: registrar, recorder: recorder, clock: clock, trunks: trunks, relay: relay,
            configuration: { [configuration] in configuration().state }, raise: raise, execute: execute, logger: logger)
        calls.withLock { $0 = b2bua }
    }

    /// What the media relay has carried since the start: RTP and RTCP packets and their bytes
    /// forwarded, and packets dropped (Prometheus, issue 16 point 6).
    public var mediaRelayTotals: (packets: Int, bytes: Int, dropped: Int) {
        guard let counters = calls.withLock({ $0 })?.relay?.counters else { return (0, 0, 0) }
        return (counters.packetsRelayed, counters.bytesRelayed, counters.packetsDropped)
    }

    /// The channels in use now (SNMP `cpUsageTable`, the API's capacity): SIP access channels
    /// (calls over the trunks ringing or connected) and VoIP channels (two per call whose media
    /// goes through the relay, Tab. 12).
    public var channelsInUse: [CapacityLimit: Int] {
        let b2bua = calls.withLock { $0 }
        return [
            .sipAccessChannels: b2bua?.trunkActive.load(ordering: .relaxed) ?? 0, .voipChannels: 2 * (b2bua?.relay?.openSessions ?? 0),
        ]
    }

    /// Calls ringing or connected now (SNMP `cpUsageTable`, the API).
    public var activeCallCount: Int {
        calls.withLock { $0 }?.count ?? 0
    }

    /// Sends an event message's display text to the registered terminals of `users` (a system
    /// phone destination's message group, manual §6.3.1.3); no contact at all when the calls are
    /// not carried yet.
    public func sendText(_ text: String, toUsers users: [String]) async -> SystemPhoneTextOutcome {
        guard let b2bua = calls.withLock({ $0 }) else { return SystemPhoneTextOutcome(contacts: 0, delivered: 0, refusals: []) }
        return await b2bua.sendText(text, toUsers: users, configuration: configuration().state)
    }

    public func admits(_ peer: SIPPeer) -> Bool {
        blackList.admits(Self.address(peer), now: clock.now())
    }

    public func received(_ request: SIPRequest, in transaction: SIPServerTransaction) {
        let peer = transaction.peer
        count(.tooManyTransactions, peer)
        let tag = SIPTag.random()
        let inDialog = (try? request.headers.to.tag) != nil
        if let refusal = (inDialog ? inDialogInspection : inspection).refusal(of: request, toTag: tag) {
            transaction.respond(refusal)
            return
        }
        switch request.method {
        case .register:
            let (answer, attempt) = registrar.register(request, from: peer, configuration: configuration().state, toTag: tag)
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
                if let callID = try? request.headers.callID { calls.withLock { $0 }?.callerCancelled(callID: callID) }
            }
        case _ where inDialog && request.method != .ack:
            // §12.2.2: a request inside a dialog belongs to a call or gets 481.
            if calls.withLock({ $0 })?.receivedInDialog(request, in: transaction) != true {
                transaction.respond(SIPResponse(answering: request, status: 481, reason: "Call/Transaction Does Not Exist", toTag: tag))
                count(.noSession, peer)
            }
        case .invite:
            placeCall(request, in: transaction, toTag: tag)
        default:
            guard let answer = answer(request, toTag: tag) else { return }
            transaction.respond(answer)
            if answer.status == 481 { count(.noSession, peer) }
        }
    }

    /// The ACK of a 2xx Callplane sent to a caller, or a stray one.
    public func receivedACK(_ ack: SIPRequest, from peer: SIPPeer) {
        calls.withLock { $0 }?.receivedACK(ack)
    }

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
            response.headers.add(.allow, Self.allowHeader)
            response.headers.add(.accept, SIPMediaType.sdp.description)
            response.headers.add(.supported, Self.supportedOptions.joined(separator: ", "))
            response.headers.add("Accept-Encoding", "identity")
            return response
        default:
            // BYE for a dialog that does not exist (§15.1.2).
            return SIPResponse(answering: request, status: 481, reason: "Call/Transaction Does Not Exist", toTag: toTag)
        }
    }

    /// An INVITE outside a dialog: who calls, what they dialled, and the call if it is one.
    private func placeCall(_ request: SIPRequest, in transaction: SIPServerTransaction, toTag: String) {
        func answer(_ status: Int, _ reason: String) {
            transaction.respond(SIPResponse(answering: request, status: status, reason: reason, toTag: toTag))
        }
        // The call would be carried on to the callee's terminals (§16.6 step 3 for the leg the
        // B2BUA creates), so a request that may travel no further ends here.
        if let maxForwards = try? request.headers.maxForwards, maxForwards == 0 {
            return answer(483, "Too Many Hops")
        }
        // The listeners open a moment before the call core attaches (the B2BUA is built on
        // their transaction layer): an INVITE in between is asked to come again (RFC 3261
        // §21.5.4) rather than told the callee is away, or challenged as if a provider's call
        // came from a terminal.
        guard let b2bua = calls.withLock({ $0 }) else {
            var response = SIPResponse(answering: request, status: 503, reason: "Service Unavailable (starting)", toTag: toTag)
            response.headers.add(SIPHeaderName("Retry-After"), "1")
            return transaction.respond(response)
        }
        let configuration = configuration()
        let dialled = request.uri.sipURI?.unescapedUser ?? ""
        if let trunks = b2bua.trunks, let provider = trunks.provider(at: transaction.peer.remoteAddress) {
            return placeIncoming(request, in: transaction, provider: provider, b2bua: b2bua, state: configuration.state, toTag: toTag)
        }
        let code = FunctionCode.resolve(dialled)
        let changesSecurity: Bool
        if case .code(let resolved) = code { changesSecurity = resolved.remoteMaintenanceMode != nil } else { changesSecurity = false }
        let caller: Terminal
        switch registrar.identifyCaller(request, from: transaction.peer, configuration: configuration.state, toTag: toTag, provingPassword: changesSecurity) {
        case .terminal(let terminal):
            caller = terminal
        case .refused(let response, let attempt):
            transaction.respond(response)
            if attempt == .failed { count(.registration, transaction.peer) }
            return
        }
        let callerUser = caller.userNumber.flatMap { configuration.state.users[$0] }
        if let value = request.headers.first("Replaces") {
            return placeReplacing(
                value, request, in: transaction, caller: caller, callerUser: callerUser, dialled: dialled, state: configuration.state, toTag: toTag)
        }
        switch code {
        case .code(let code):
            return b2bua.functionCode(
                code, request: request, in: transaction, caller: caller, callerUser: callerUser,
                permitted: code.remoteMaintenanceMode == nil || Self.mayUseRemoteMaintenanceCodes(callerUser, in: configuration.state),
                toTag: toTag, execute: execute, now: clock.now())
        case .incomplete:
            return answer(484, "Address Incomplete")
        case .unknown:
            return answer(404, "Not Found")
        case .notAFunctionCode:
            break
        }
        let state = configuration.state
        let resolved = Numbering(state: state).resolve(dialled)
        if case .emergency = resolved {
            // Never refused: an emergency call's media goes however the terminal offers it.
        } else if let refusal = Self.srtpRefusal(of: request, from: caller, over: transaction.peer.transport) {
            return answer(488, refusal)
        }
        switch resolved {
        case .emergency(let number):
            // Tab. 24: raised before the call is routed, with the first four digits, and never
            // refused by capacity or permission (issue 15 point 6).
            raise(
                EventMessageRequest(
                    type: "emergency_call_started",
                    parameters: [
                        "dialledNumber": String(number.prefix(4)), "userNumber": callerUser?.number ?? "0", "terminalIdOrTrunkGroupId": String(caller.id),
                    ], at: clock.now()))
            // To the public network when a trunk can carry it, whatever its channels (issue 16,
            // point 2); otherwise to the internal destination.
            if let trunks = b2bua.trunks, let route = trunks.outgoingAccount(in: state, emergency: true, busy: b2bua.trunkCallCount) {
                return b2bua.placeOverTrunk(
                    request, in: transaction, caller: caller, callerUser: callerUser, number: number, dialled: dialled, account: route.account,
                    provider: route.provider, kind: .emergency, trunks: trunks, toTag: toTag)
            }
            let destination = state.emergencyDestination.flatMap { state.users[$0] }
            b2bua.place(
                request, in: transaction, caller: caller, callerUser: callerUser, callee: destination, dialled: dialled, kind: .emergency,
                busyOnBusy: false, configuration: state, toTag: toTag)
        case .user(let dialledUser):
            let callee = Self.forwarded(dialledUser, in: state)
            b2bua.place(
                request, in: transaction, caller: caller, callerUser: callerUser, callee: callee, dialled: dialled, kind: .internal,
                busyOnBusy: state.telephony(ofUser: callee.number).busyOnBusy, configuration: state, toTag: toTag)
        case .outside(let number):
            guard let trunks = b2bua.trunks, !state.trunks.accounts.isEmpty else { return answer(404, "Not Found (no SIP trunk)") }
            guard let route = trunks.outgoingAccount(in: state, emergency: false, busy: b2bua.trunkCallCount) else {
                // Tab. 24 "System overload": every channel of every usable account is seized (or
                // no account can reach its provider); route 1 is the trunk route the exchange
                // access code selects.
                raise(
                    EventMessageRequest(
                        type: "system_overload", parameters: ["routeNumber": "1", "userNumber": callerUser?.number ?? "0"], at: clock.now()))
                return answer(503, "Service Unavailable (no free SIP access channel)")
            }
            b2bua.placeOverTrunk(
                request, in: transaction, caller: caller, callerUser: callerUser, number: number, dialled: dialled, account: route.account,
                provider: route.provider, kind: .outgoing, trunks: trunks, toTag: toTag)
        case .incomplete:
            answer(484, "Address Incomplete")
        case .unknown:
            answer(404, "Not Found")
        }
    }

    /// A call from the public network (issue 16, point 2): an INVITE from a provider's address.
    /// The DDI called is the Request-URI's user, else the To's (providers differ) — except when
    /// the Request-URI is the Contact an account registered (its user is the account's): a
    /// provider that routes by registration puts that there and leaves the number dialled in
    /// To only, so To comes first then. It must be one of that provider's accounts' DDIs (404
    /// otherwise), the account must have a channel
    /// free (503), and the DDI plan names the user it rings — the default destination for a DDI
    /// without a row (404 when there is none). It is then carried like an internal call, the
    /// caller presented as the provider gave them.
    private func placeIncoming(
        _ request: SIPRequest, in transaction: SIPServerTransaction, provider: Int, b2bua: B2BUA, state: SystemState, toTag: String
    ) {
        func answer(_ status: Int, _ reason: String) {
            transaction.respond(SIPResponse(answering: request, status: status, reason: reason, toTag: toTag))
        }
        let trunks = state.trunks
        let requestUser = request.uri.sipURI?.unescapedUser
        let toUser = (try? request.headers.to)?.uri.sipURI?.unescapedUser
        let registeredContact = trunks.accounts.values.contains { $0.provider == provider && $0.user == requestUser }
        let candidates = (registeredContact ? [toUser, requestUser] : [requestUser, toUser]).compactMap { $0 }
        guard
            let (number, account) = candidates.lazy.compactMap({ number in trunks.account(carrying: number).map { (number, $0) } })
                .first(where: { $0.1.provider == provider })
        else { return answer(404, "Not Found (no DDI of this trunk)") }
        guard b2bua.trunkCallCount(account: account.number) < account.channels else {
            return answer(503, "Service Unavailable (no free SIP access channel)")
        }
        guard let target = trunks.ddiPlan.user(for: number), let user = state.users[target] else {
            return answer(404, "Not Found (no destination for this DDI)")
        }
        let callee = Self.forwarded(user, in: state)
        b2bua.place(
            request, in: transaction, caller: nil, callerUser: nil, callee: callee, dialled: number, kind: .incoming,
            busyOnBusy: state.telephony(ofUser: callee.number).busyOnBusy, configuration: state, toTag: toTag, trunkAccount: account.number,
            presentation: Self.outsideCaller(request, realm: registrar.realm))
    }

    /// How a call from the public network is shown on the phone: the caller's number from the
    /// provider's From (its display name, else the number), or Anonymous when withheld.
    static func outsideCaller(_ request: SIPRequest, realm: String) -> SIPAddress {
        let from = try? request.headers.from
        // Only a telephone number is carried on: anything else in a user part is not shown.
        guard !CallerPresentation.withheld(request), let number = from?.uri.sipURI?.unescapedUser, !number.isEmpty,
            number.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "+") }), let uri = try? SIPAddrSpec("sip:" + number + "@" + realm)
        else {
            return SIPAddress(displayName: "Anonymous", uri: (try? SIPAddrSpec("sip:anonymous@anonymous.invalid")) ?? request.uri)
        }
        return SIPAddress(displayName: from?.displayName ?? number, uri: uri)
    }

    /// An INVITE with Replaces (RFC 3891): the second half of an attended transfer, carried to
    /// the party that stays in the replaced call (``B2BUA/Replacement``) whatever was dialled.
    /// 400 for a Replaces that does not parse, 481 when it names no connected call (§3).
    private func placeReplacing(
        _ value: String, _ request: SIPRequest, in transaction: SIPServerTransaction, caller: Terminal, callerUser: User?, dialled: String,
        state: SystemState, toTag: String
    ) {
        guard let replaces = SIPReplaces(value) else {
            return transaction.respond(
                SIPResponse(answering: request, status: 400, reason: "Bad Request (malformed Replaces, RFC 3891 §6.1)", toTag: toTag))
        }
        guard let b2bua = calls.withLock({ $0 }), let replacement = b2bua.replacement(for: replaces) else {
            return transaction.respond(
                SIPResponse(answering: request, status: 481, reason: "Call/Transaction Does Not Exist (Replaces names no connected call)", toTag: toTag))
        }
        b2bua.place(
            request, in: transaction, caller: caller, callerUser: callerUser, callee: replacement.stayingUser.flatMap { state.users[$0] }, dialled: dialled,
            kind: .internal, busyOnBusy: false, configuration: state, toTag: toTag, replacing: replacement)
    }

    /// Why a call's offer is not acceptable under Secure VoIP (manual §3.1.6.1; issue 16 point
    /// 4), `nil` when it is: a terminal whose SRTP is mandatory must offer an SDES key, and keys
    /// (or the `RTP/SAVP` profile that needs them) are taken only over TLS (RFC 4568 §8.3), so
    /// that nobody on the network reads them.
    static func srtpRefusal(of request: SIPRequest, from caller: Terminal, over transport: SIPTransportProtocol) -> String? {
        let offer = B2BUA.sessionDescription(in: request.body, headers: request.headers)
        if caller.srtp == .mandatory {
            guard transport == .tls else { return "Not Acceptable Here (SRTP is mandatory for this terminal, and its keys are taken only over TLS)" }
            guard offer?.carriesSRTPKeys == true else {
                return "Not Acceptable Here (SRTP is mandatory for this terminal: the offer has no SDES key, RFC 4568)"
            }
        }
        if offer?.requiresSRTP == true, transport != .tls || caller.srtp == .off {
            return transport == .tls
                ? "Not Acceptable Here (SRTP is off for this terminal)"
                : "Not Acceptable Here (SRTP keys are taken only over TLS, RFC 4568 §8.3)"
        }
        return nil
    }

    /// The user a call to `user` rings after call forwarding unconditional (issue 15 point 4):
    /// the end of the chain of forwardings, which `decide` keeps free of circles; the bound is
    /// only a guard for a log older than that rule.
    static func forwarded(_ user: User, in state: SystemState) -> User {
        var callee = user
        for _ in 0..<CapacityLimit.users.max {
            guard let target = state.telephony(ofUser: callee.number).callForwardingUnconditional, let next = state.users[target], next != user
            else { break }
            callee = next
        }
        return callee
    }

    /// Whether the user's permission allows *753/#753/*754/#754 (manual §5.4.1: no one until an
    /// administrator grants it).
    static func mayUseRemoteMaintenanceCodes(_ user: User?, in state: SystemState) -> Bool {
        guard let user else { return false }
        return state.telephony(ofUser: user.number).remoteMaintenanceAccess
    }
}
