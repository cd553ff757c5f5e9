import Domain
import Foundation
import NIOCore
import SIP

extension B2BUA {
    /// Calls ringing or connected over SIP account `account` now (its channels, issue 16, point 2).
    func trunkCallCount(account: Int) -> Int {
        tables.value.trunkCalls[account] ?? 0
    }

    /// Places a call to an outside `number` over `account` of `provider` (issue 16, point 2):
    /// the caller's INVITE ends here as for an internal call, and one INVITE goes to the provider
    /// with the account's number as the caller (CLIR honoured) — answering the provider's digest
    /// challenge once with the account's credentials.
    ///
    /// The provider's host is resolved off the loop; a caller that cancels meanwhile finds its
    /// call ended, and the INVITE is not sent.
    func placeOverTrunk(
        _ request: SIPRequest, in transaction: SIPServerTransaction, caller: Terminal, callerUser: User?, number: String, dialled: String,
        account: SIPAccount, provider: SIPProvider, kind: CallKind, trunks: TrunkRegistrar, toTag: String
    ) {
        let peer = transaction.peer
        let start = CallStart(
            callID: CallRecorder.makeCallID(), caller: callerUser?.number, callerTerminal: caller.id, callerSource: peer.source, dialled: dialled,
            callee: nil, kind: kind, at: clock.now())
        guard let dialog = admit(start, request, in: transaction, toTag: toTag) else { return }
        let call = InternalCall(
            start: start, invite: transaction, callerTag: toTag, callerDialog: dialog, callerTarget: .phone(over: peer, contact: dialog.remoteTarget))
        call.trunkAccount = account.number
        let tables = tables.value
        active.add(1, ordering: .relaxed)
        tables.calls[dialog.callID] = call
        tables.trunkCalls[account.number, default: 0] += 1
        trunkActive.add(1, ordering: .relaxed)
        transaction.respond(SIPResponse(answering: request, status: 100, reason: "Trying", toTag: toTag))
        let callID = dialog.callID
        let withheld = CallerPresentation.withheld(request)
        let presented = callerUser.flatMap { configuration().trunks.ddiPlan.presentedNumber(of: $0.number, over: account) } ?? account.user
        let received: Int? = (try? request.headers.maxForwards) ?? nil
        let maxForwards = max(0, (received ?? 70) - 1)
        // Towards a provider the relay offers plain RTP whatever the trunk's transport: most
        // carriers take no SRTP, and a key offered to one that does not understand it fails the
        // call (a phone's mandatory RTP/SAVP would be refused with 488).
        call.security = [.caller: Self.security(of: caller, over: peer.transport), .callee: .plain]
        let offer = Self.sessionDescription(in: request.body, headers: request.headers)
        let relayed = relaysMedia(callerKind: caller.kind, calleeKinds: [], provider: provider, security: call.security, offer: offer, in: configuration())
        Task { [self] in
            let route: Result<(target: SIPTarget, contactHost: String), TrunkUnreachable>
            do throws(TrunkUnreachable) { route = .success(try await trunks.flow(for: provider)) } catch { route = .failure(error) }
            let anchor = (try? route.get()) == nil ? MediaAnchor.direct : await self.anchor(request, offer: offer, relayed: relayed)
            eventLoop.execute { [self] in
                guard let call = self.tables.value.calls[callID], call.phase == .ringing else { return Self.discard(anchor) }
                guard case .success(let (target, contactHost)) = route else {
                    if case .failure(let error) = route {
                        self.logger.warning("SIP provider unreachable for a call", metadata: ["provider": "\(provider.number)", "reason": "\(error)"])
                    }
                    call.invite.respond(
                        SIPResponse(
                            answering: call.invite.request, status: 503, reason: "Service Unavailable (the SIP provider cannot be reached)", toTag: toTag))
                    self.end(call, cause: .unavailable, endedBy: .system)
                    return
                }
                // The relay's address towards the provider: the flow's own IP address.
                call.calleeFacingHost = target.peer.localAddress?.ipAddress
                guard let body = self.apply(anchor, to: call, calleeFacingHost: call.calleeFacingHost) else { return }
                var invite = Self.trunkInvite(
                    to: number, account: account, presenting: presented, provider: provider, withheld: withheld, contactHost: contactHost,
                    maxForwards: maxForwards, offer: request)
                if let body { invite.body = body }
                let leg = CalleeLeg(terminal: nil, target: target, invite: invite, trunk: TrunkLeg(account: account.number))
                call.legs.append(leg)
                self.tables.value.calls[leg.callID] = call
                let legCallID = leg.callID
                leg.transaction = self.signalling.send(invite, to: target) { [self] event in self.legEvent(event, callID: legCallID) }
            }
        }
    }

    /// A provider challenged the INVITE (401 or 407): it goes again once, with the account's
    /// credentials and the next CSeq, in a new transaction of the same leg (§22.2). `false` when
    /// it cannot (already answered, no challenge, no credentials): the response is then the
    /// leg's failure.
    func answerChallenge(_ response: SIPResponse, of leg: CalleeLeg, in call: InternalCall) -> Bool {
        guard var trunk = leg.trunk, !trunk.challengeAnswered, let trunks, call.phase == .ringing else { return false }
        let proxy = response.status == 407
        guard let challenge = SIPDigestChallenge.preferred(among: response.headers.digestChallenges(proxy ? .proxyAuthenticate : .wwwAuthenticate)),
            let authorization = trunks.authorization(
                account: trunk.account, in: configuration(), challenge: challenge, method: .invite, uri: leg.invite.uri.description)
        else { return false }
        trunk.challengeAnswered = true
        trunk.sequence += 1
        var invite = leg.invite
        invite.headers.replaceOrAdd(.cseq, SIPCSeq(trunk.sequence, .invite).description)
        invite.headers.replaceOrAdd(proxy ? .proxyAuthorization : .authorization, authorization)
        leg.invite = invite
        leg.trunk = trunk
        let callID = leg.callID
        leg.transaction = signalling.send(invite, to: leg.target) { [self] event in self.legEvent(event, callID: callID) }
        return true
    }

    /// The INVITE to the provider: `sip:<number>@<provider host>`, From the caller's DDI
    /// (`presented`: ``DDIPlan/presentedNumber(of:over:)``, else the account's number) — or
    /// Anonymous with `Privacy: id` and the number in P-Preferred-Identity for a caller who
    /// withholds their identity (RFC 3323, RFC 3325), which providers need to bill the call.
    static func trunkInvite(
        to number: String, account: SIPAccount, presenting presented: String, provider: SIPProvider, withheld: Bool, contactHost: String,
        maxForwards: Int, offer: SIPRequest
    ) -> SIPRequest {
        let identity = "<sip:" + presented + "@" + provider.host + ">"
        var headers = SIPHeaders()
        headers.add(.maxForwards, String(maxForwards))
        if withheld {
            headers.add(.from, "\"Anonymous\" <sip:anonymous@anonymous.invalid>;tag=" + SIPTag.random())
            headers.add(SIPHeaderName("Privacy"), "id")
            headers.add(SIPHeaderName("P-Preferred-Identity"), identity)
        } else {
            headers.add(.from, identity + ";tag=" + SIPTag.random())
        }
        headers.add(.to, "<sip:" + number + "@" + provider.host + ">")
        headers.add(.callID, UUID().uuidString.lowercased() + "@callplane")
        headers.add(.cseq, SIPCSeq(1, .invite).description)
        headers.add(.contact, TrunkRegistrar.contact(user: account.user, at: contactHost, over: provider.transport))
        headers.add(.allow, CallCore.allowHeader)
        headers.add(SIPHeaderName("User-Agent"), "Callplane")
        if offer.body.readableBytes > 0, let type = offer.headers.first(.contentType) { headers.add(.contentType, type) }
        let uri = SIPAddrSpec.sip(provider.uri(user: number))
        return SIPRequest(method: .invite, uri: uri, headers: headers, body: offer.body)
    }
}
