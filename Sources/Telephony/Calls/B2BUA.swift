import ControlPlane
import Domain
import EventLog
import Foundation
import Logging
import Media
import NIOCore
import SIP
import Synchronization

/// The back-to-back user agent that carries internal calls (issue 15 point 4; manual §2.4): the
/// caller's INVITE ends here, and a new INVITE goes to every registered contact of the callee
/// (at most 16); the first to answer wins, the others are cancelled, and from then on each
/// request of one side is re-issued in the other side's dialog.
///
/// Being a B2BUA rather than a proxy is what lets Callplane present the caller's user number and
/// name (CLIP) or hide them (CLIR), keep the call in its log from start to end, and later put
/// its own media relay between the phones (``relaysMedia(callerKind:calleeKinds:provider:security:offer:in:)``):
/// a relayed call's session descriptions are rewritten to the relay's ports; otherwise they pass
/// through unchanged.
///
/// Every table is bound to the SIP loop: the transaction layer calls in on it, and each
/// client-transaction event comes back on it.
public final class B2BUA: Sendable {
    final class Tables {
        /// By each Call-ID a call uses: the caller's and every leg's.
        var calls: [String: InternalCall] = [:]
        /// Calls ringing or connected over each SIP account, by account number.
        var trunkCalls: [Int: Int] = [:]
    }

    /// RFC 3261 §17.1.1.1 (T1, T2): the 2xx to the caller is retransmitted from T1, doubling up
    /// to T2, until its ACK; after 64·T1 without one the call is ended (§13.3.1.4).
    static let t1 = TimeAmount.milliseconds(500)
    static let t2 = TimeAmount.seconds(4)
    /// How long the callee's terminals ring before the caller gets 480 (cause `noAnswer`): the
    /// 3 minutes of a proxy's Timer C (§16.6 step 11), checked once a second.
    static let ringingLimit = TimeAmount.minutes(3)

    let signalling: any CallSignalling
    let tables: NIOLoopBoundBox<Tables>
    /// Read from any thread (SNMP, the API); changed only on the loop.
    let active = Atomic<Int>(0)
    /// Of those, the calls over SIP accounts (the SIP access channels in use), read the same way.
    let trunkActive = Atomic<Int>(0)
    let registrar: Registrar
    let recorder: CallRecorder
    let clock: any WallClock
    let logger: Logger
    /// The SIP accounts calls to outside numbers go out on; `nil` where none are carried (tests).
    let trunks: TrunkRegistrar?
    /// The newest published configuration (the trunk accounts' credentials).
    let configuration: @Sendable () -> SystemState
    /// The media relay; `nil` carries every call's media direct (tests of the signalling alone).
    let relay: RTPRelay?
    /// Raises an event message ("Too few VoIP channels") without waiting.
    let raise: @Sendable (EventMessageRequest) -> Void
    /// Submits a function code's command, dialled during a call, as its user; `nil` when
    /// accepted, else the refusal's text.
    let execute: @Sendable (Command, CommandOrigin) async -> String?

    public init(
        signalling: any CallSignalling, registrar: Registrar, recorder: CallRecorder, clock: any WallClock, trunks: TrunkRegistrar? = nil,
        relay: RTPRelay? = nil, configuration: @escaping @Sendable () -> SystemState = { SystemState() },
        raise: @escaping @Sendable (EventMessageRequest) -> Void = { _ in },
        execute: @escaping @Sendable (Command, CommandOrigin) async -> String? = { _, _ in "function codes are not carried out here" }, logger: Logger
    ) {
        self.execute = execute
        self.trunks = trunks
        self.relay = relay
        self.raise = raise
        self.configuration = configuration
        self.signalling = signalling
        self.tables = NIOLoopBoundBox.makeBoxSendingValue(Tables(), eventLoop: signalling.eventLoop)
        self.registrar = registrar
        self.recorder = recorder
        self.clock = clock
        self.logger = logger
        signalling.eventLoop.scheduleRepeatedTask(initialDelay: .seconds(1), delay: .seconds(1)) { [weak self] task in
            guard let self else { return task.cancel() }
            self.endCallsRingingTooLong()
        }
    }

    var eventLoop: any EventLoop { signalling.eventLoop }

    /// Calls ringing or connected now.
    var count: Int { active.load(ordering: .relaxed) }

    /// Places a call from `caller` to `callee` (both resolved by the call core).
    /// - Parameters:
    ///   - callee: the user to ring; `nil` for an emergency call with no internal destination
    ///     configured, which is answered 480 (the event message was raised before).
    ///   - busyOnBusy: the callee's setting: a call while they are in one is answered 486.
    ///   - replacing: for an INVITE with Replaces, the one terminal to call instead of the
    ///     callee's registered contacts (``Replacement``).
    ///   - caller: the calling terminal; `nil` for a call from the public network, which comes
    ///     in over `trunkAccount` (its channel) and is presented as `presentation` says.
    func place(
        _ request: SIPRequest, in transaction: SIPServerTransaction, caller: Terminal?, callerUser: User?, callee: User?, dialled: String, kind: CallKind,
        busyOnBusy: Bool, configuration: SystemState, toTag: String, replacing: Replacement? = nil, trunkAccount: Int? = nil,
        presentation: SIPAddress? = nil
    ) {
        let peer = transaction.peer
        let start = CallStart(
            callID: CallRecorder.makeCallID(), caller: callerUser?.number, callerTerminal: caller?.id,
            callerSource: peer.source, dialled: dialled,
            callee: callee?.number, kind: kind, at: clock.now())
        guard let dialog = admit(start, request, in: transaction, toTag: toTag) else { return }
        let contacts: [ReachableContact]
        let calleeNumber: String
        if let replacing {
            contacts = [replacing.staying]
            calleeNumber = replacing.stayingUser ?? dialled
        } else {
            guard let callee else {
                transaction.respond(
                    SIPResponse(answering: request, status: 480, reason: "Temporarily Unavailable (no internal destination for emergency calls)", toTag: toTag))
                recorder.ended(callID: start.callID, cause: .unavailable, endedBy: .system, terminals: start.callerTerminal.map { [$0] } ?? [])
                return
            }
            if busyOnBusy, isInCall(callee.number) {
                transaction.respond(SIPResponse(answering: request, status: 486, reason: "Busy Here", toTag: toTag))
                recorder.ended(callID: start.callID, cause: .busy, endedBy: .system, terminals: start.callerTerminal.map { [$0] } ?? [])
                return
            }
            contacts = registrar.reachableContacts(ofUser: callee.number, in: configuration)
            guard !contacts.isEmpty else {
                transaction.respond(SIPResponse(answering: request, status: 480, reason: "Temporarily Unavailable", toTag: toTag))
                recorder.ended(callID: start.callID, cause: .unavailable, endedBy: .system, terminals: start.callerTerminal.map { [$0] } ?? [])
                return
            }
            calleeNumber = callee.number
        }
        let call = InternalCall(
            start: start, invite: transaction, callerTag: toTag, callerDialog: dialog,
            callerTarget: .phone(over: peer, contact: dialog.remoteTarget))
        call.trunkAccount = trunkAccount
        call.calleeFacingHost = contacts.first?.peer.localAddress?.ipAddress
        let from = presentation ?? CallerPresentation(request: request, user: callerUser, realm: registrar.realm).address
        let received: Int? = (try? request.headers.maxForwards) ?? nil
        let maxForwards = max(0, (received ?? 70) - 1)
        call.replacedCall = replacing?.call
        for contact in contacts {
            var invite = Self.invite(
                to: contact, callee: calleeNumber, from: from, realm: registrar.realm, maxForwards: maxForwards, offer: request)
            if let replacing { invite.headers.add("Replaces", replacing.replaces.description) }
            call.legs.append(CalleeLeg(terminal: contact.terminal, target: .phone(over: contact.peer, contact: contact.contact), invite: invite))
        }
        let tables = tables.value
        active.add(1, ordering: .relaxed)
        for callID in call.callIDs { tables.calls[callID] = call }
        if let trunkAccount {
            tables.trunkCalls[trunkAccount, default: 0] += 1
            trunkActive.add(1, ordering: .relaxed)
        }
        transaction.respond(SIPResponse(answering: request, status: 100, reason: "Trying", toTag: toTag))
        let callerSecurity =
            trunkAccount == nil ? Self.security(of: caller, over: peer.transport) : Self.security(ofProviderOver: peer.transport)
        call.security = [.caller: callerSecurity, .callee: Self.security(of: contacts, in: configuration)]
        let offer = Self.sessionDescription(in: request.body, headers: request.headers)
        let relayed = relaysMedia(
            callerKind: caller?.kind, calleeKinds: contacts.compactMap { configuration.terminal(id: $0.terminal)?.kind },
            provider: trunkAccount.flatMap { configuration.trunks.accounts[String($0)] }.flatMap { configuration.trunks.providers[String($0.provider)] },
            security: call.security, offer: offer, in: configuration)
        guard relayed else { return sendLegs(of: call, body: Self.directOffer(request, security: call.security)) }
        let callID = call.callerDialog.callID
        Task { [self] in
            let anchor = await self.anchor(request, offer: offer, relayed: true)
            self.eventLoop.execute { [self] in
                guard let call = self.tables.value.calls[callID] else { return Self.discard(anchor) }
                guard let body = self.apply(anchor, to: call, calleeFacingHost: call.calleeFacingHost) else { return }
                self.sendLegs(of: call, body: body)
            }
        }
    }

    /// Sends the INVITE of every leg, with `body` (the relayed offer) instead of the caller's.
    private func sendLegs(of call: InternalCall, body: ByteBuffer?) {
        for leg in call.legs {
            if let body { leg.invite.body = body }
            let callID = leg.callID
            leg.transaction = signalling.send(leg.invite, to: leg.target) { [self] event in self.legEvent(event, callID: callID) }
        }
    }

    /// The caller's dialog of a call about to be placed, with the call recorded as started; `nil`
    /// when the call was answered already: 503 at the limit of simultaneous calls (Tab. 13; an
    /// emergency call is never refused), 400 for an INVITE a dialog cannot be made of.
    func admit(_ start: CallStart, _ request: SIPRequest, in transaction: SIPServerTransaction, toTag: String) -> SIPDialog? {
        if start.kind != .emergency, count >= CapacityLimit.simultaneousCalls.max {
            recorder.record(start)
            transaction.respond(
                SIPResponse(
                    answering: request, status: 503,
                    reason: "Service Unavailable (capacity_exceeded(simultaneous_calls, max: \(CapacityLimit.simultaneousCalls.max)))", toTag: toTag))
            recorder.ended(callID: start.callID, cause: .refused, endedBy: .system, terminals: start.callerTerminal.map { [$0] } ?? [])
            return nil
        }
        do {
            let dialog = try SIPDialog(answering: request, localTag: toTag, localContact: Self.contact(for: transaction.peer))
            recorder.record(start)
            return dialog
        } catch {
            transaction.respond(SIPResponse(answering: request, status: 400, reason: error.reasonPhrase, toTag: toTag))
            return nil
        }
    }

    /// Whether `user` is in a call that rings or is connected (busy on busy, issue 15 point 4).
    func isInCall(_ user: String) -> Bool {
        tables.value.calls.values.contains { $0.phase != .ended && ($0.start.caller == user || $0.start.callee == user) }
    }

    /// The caller cancelled its INVITE and the call core answered it 487 (§9.2): every leg still
    /// ringing is cancelled.
    func callerCancelled(callID: String) {
        guard let call = tables.value.calls[callID], call.phase == .ringing, call.callerDialog.callID == callID else { return }
        end(call, cause: .cancelled, endedBy: .caller)
    }

    /// The leg INVITE to one contact: a new Call-ID and From tag, the caller presented as the
    /// callee's phone should show it, the offer passed through.
    static func invite(to reachable: ReachableContact, callee: String, from: SIPAddress, realm: String, maxForwards: Int, offer: SIPRequest) -> SIPRequest {
        var from = from
        from.tag = SIPTag.random()
        var headers = SIPHeaders()
        headers.add(.maxForwards, String(maxForwards))
        headers.add(.from, from.description)
        headers.add(.to, "<sip:" + callee + "@" + realm + ">")
        headers.add(.callID, UUID().uuidString.lowercased() + "@" + realm)
        headers.add(.cseq, SIPCSeq(1, .invite).description)
        headers.add(.contact, contact(for: reachable.peer).description)
        headers.add(.allow, CallCore.allowHeader)
        if offer.body.readableBytes > 0, let type = offer.headers.first(.contentType) { headers.add(.contentType, type) }
        return SIPRequest(method: .invite, uri: reachable.contact, headers: headers, body: offer.body)
    }

    /// Callplane's Contact on a flow: the listener's address, with the transport a phone must
    /// use to reach it there.
    static func contact(for peer: SIPPeer) -> SIPAddress {
        let address = peer.localAddress
        var host = address?.ipAddress ?? "127.0.0.1"
        if host.contains(":") { host = "[" + host + "]" }
        var text = "sip:callplane@" + host + ":" + String(address?.port ?? 5060)
        if peer.transport != .udp { text += ";transport=" + peer.transport.rawValue }
        return SIPAddress(uri: (try? SIPAddrSpec(text)) ?? .absolute(SIPAbsoluteURI(scheme: "sip", rest: "callplane@127.0.0.1")))
    }

    /// Removes the call from the tables, records its end and stops its timers; legs still
    /// ringing are cancelled, a connected one gets BYE from whoever did not end it.
    func end(_ call: InternalCall, cause: CallEndCause, endedBy: CallEndedBy) {
        guard call.phase != .ended else { return }
        let wasAnswered = call.phase == .answered
        call.phase = .ended
        for leg in call.legs where leg.isPending { leg.transaction?.cancel() }
        if wasAnswered {
            if endedBy != .callee, let leg = call.answeredLeg, leg.dialog != nil {
                let bye = leg.dialog!.request(.bye)
                _ = signalling.send(bye, to: leg.target) { _ in }
            }
            if endedBy != .caller {
                let bye = call.callerDialog.request(.bye)
                _ = signalling.send(bye, to: call.callerTarget) { _ in }
            }
        }
        let media = call.media.map { (packets: $0.counters.packetsRelayed, lost: $0.counters.packetsLost) }
        releaseMedia(of: call)
        let tables = tables.value
        active.subtract(1, ordering: .relaxed)
        if let account = call.trunkAccount {
            tables.trunkCalls[account, default: 1] -= 1
            trunkActive.subtract(1, ordering: .relaxed)
        }
        // The caller's Call-ID goes at once; a leg's stays while its INVITE may still be
        // answered, so a late 2xx is acknowledged and hung up (``legEvent(_:callID:)``).
        tables.calls[call.callerDialog.callID] = nil
        for leg in call.legs where !leg.isPending { tables.calls[leg.callID] = nil }
        recorder.ended(callID: call.start.callID, cause: cause, endedBy: endedBy, terminals: call.terminals, media: media)
    }

    /// Ends the calls that rang past ``ringingLimit``. A sweep, not a task per call: that task
    /// would be cancelled at every answer, and cancelling searches every task of the loop.
    private func endCallsRingingTooLong() {
        let now = NIODeadline.now()
        var due: [ObjectIdentifier: InternalCall] = [:]
        for call in tables.value.calls.values where call.phase == .ringing && call.ringingUntil <= now { due[ObjectIdentifier(call)] = call }
        for call in due.values where call.phase == .ringing { ringingTimedOut(call) }
    }

    private func ringingTimedOut(_ call: InternalCall) {
        call.invite.respond(SIPResponse(answering: call.invite.request, status: 480, reason: "Temporarily Unavailable (no answer)", toTag: call.callerTag))
        end(call, cause: .noAnswer, endedBy: .system)
    }
}
