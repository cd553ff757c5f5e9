import Domain
import Media
import NIOCore
import SIP

extension B2BUA {
    /// What became of the relay session a call asked for.
    enum MediaAnchor: Sendable {
        /// The media goes straight between the two ends, the SDP unchanged.
        case direct
        case relayed(RelaySession, SDPSessionDescription)
        /// No VoIP channel (or port pair) was free.
        case refused(RTPRelayError)
    }

    /// Whether a call's media goes through the relay ("indirect switching", issue 16 point 3):
    /// when a terminal on either side is of a kind the media relay settings name, when the call
    /// goes over a provider whose "relay RTP data" switch is on, or when the two sides cannot
    /// speak the same media — one offers SRTP keys the other cannot take, or the other insists
    /// on SRTP the first does not offer — which only the relay can translate (point 4).
    func relaysMedia(
        callerKind: TerminalKind?, calleeKinds: [TerminalKind], provider: SIPProvider?, security: [RelaySide: RelaySecurity],
        offer: SDPSessionDescription?, in state: SystemState
    ) -> Bool {
        guard relay != nil else { return false }
        let settings = state.telephony.mediaRelay
        if provider?.relayMedia == true { return true }
        if ([callerKind].compactMap { $0 } + calleeKinds).contains(where: { settings.relays($0) }) { return true }
        guard case .srtp = security[.caller] ?? .plain else { return (security[.callee] ?? .plain) == .srtp(mandatory: true) }
        let offersKeys = offer?.carriesSRTPKeys ?? false
        switch security[.callee] ?? .plain {
        case .plain: return offersKeys
        case .srtp(let mandatory): return mandatory && !offersKeys
        }
    }

    /// The body a direct call's legs carry instead of the caller's offer: the offer without its
    /// keys when either side may not use SDES (``withoutSRTPKeys()``) — a key offered over TLS
    /// must not go on to a callee reached over UDP, where anyone on the path could read it
    /// (RFC 4568 §8.3); `nil` to carry it as it is.
    static func directOffer(_ request: SIPRequest, security: [RelaySide: RelaySecurity]) -> ByteBuffer? {
        guard (security[.caller] ?? .plain) == .plain || (security[.callee] ?? .plain) == .plain,
            let description = sessionDescription(in: request.body, headers: request.headers),
            description.carriesSRTPKeys || description.text.contains("a=crypto:")
        else { return nil }
        return ByteBuffer(string: description.withoutSRTPKeys().text)
    }

    /// How a terminal's side of a call carries media: SRTP only over TLS signalling (SDES keys
    /// travel in the SDP, RFC 4568 §8.3) and unless its SRTP mode is off; plain otherwise.
    static func security(of terminal: Terminal?, over transport: SIPTransportProtocol) -> RelaySecurity {
        guard let terminal, transport == .tls, terminal.srtp != .off else { return .plain }
        return .srtp(mandatory: terminal.srtp == .mandatory)
    }

    /// How the side of a provider calling in carries media (issue 16 point 4): over TLS the keys
    /// of its offer are taken (SRTP preferred, so a provider offering plain RTP is answered
    /// plain); over UDP or TCP no key it sends is trusted (RFC 4568 §8.3).
    static func security(ofProviderOver transport: SIPTransportProtocol) -> RelaySecurity {
        transport == .tls ? .srtp(mandatory: false) : .plain
    }

    /// The callee side's security when it is the registered contacts of a user: SRTP when every
    /// contact is reached over TLS with SRTP on, mandatory when one of them insists.
    static func security(of contacts: [ReachableContact], in state: SystemState) -> RelaySecurity {
        let terminals = contacts.map { ($0, state.terminal(id: $0.terminal)) }
        guard !terminals.isEmpty, terminals.allSatisfy({ security(of: $0.1, over: $0.0.peer.transport) != .plain }) else { return .plain }
        return .srtp(mandatory: terminals.contains { $0.1?.srtp == .mandatory })
    }

    /// Whether both the offer and the answer of one leg carried an SDES key: the leg's media is
    /// SRTP (recorded in `call.answered`).
    static func isSecure(offer: ByteBuffer, offerHeaders: SIPHeaders, answer: ByteBuffer, answerHeaders: SIPHeaders) -> Bool {
        (sessionDescription(in: offer, headers: offerHeaders)?.carriesSRTPKeys ?? false)
            && (sessionDescription(in: answer, headers: answerHeaders)?.carriesSRTPKeys ?? false)
    }

    /// Opens a relay session for `offer`, the SDP of `request`, when the call is relayed; off the
    /// loop. An INVITE without an offer (RFC 3264 §5's late offer) is carried direct: the relay
    /// needs the caller's streams before it can give the callee an address.
    func anchor(_ request: SIPRequest, offer: SDPSessionDescription?, relayed: Bool) async -> MediaAnchor {
        guard relayed, let relay, let description = offer else { return .direct }
        relay.change(ports: configuration().telephony.mediaRelay.ports)
        let callID = (try? request.headers.callID) ?? ""
        let onDigit: @Sendable (RelaySide, Character) -> Void = { [weak self] side, digit in
            guard let self else { return }
            self.eventLoop.execute { self.digitPressed(digit, from: side, callID: callID) }
        }
        do {
            return .relayed(try await relay.open(streams: description.media.count, onDigit: onDigit), description)
        } catch {
            return .refused(error)
        }
    }

    /// Gives a ringing call its relay session, on the loop. Returns the body the callee's
    /// INVITEs carry instead of the caller's (`nil`: the caller's, for direct media), or `nil`
    /// from the outer optional when the call must not go on: it ended meanwhile, or no VoIP
    /// channel was free — the caller then gets 503 and "Too few VoIP channels" is raised
    /// (Tab. 24). An emergency call is never refused for it: its media goes direct instead.
    func apply(_ anchor: MediaAnchor, to call: InternalCall, calleeFacingHost: String?) -> ByteBuffer?? {
        switch anchor {
        case .direct:
            return .some(Self.directOffer(call.invite.request, security: call.security))
        case .relayed(let session, let description):
            guard call.phase == .ringing else {
                Task { await session.close() }
                return nil
            }
            call.media = session
            for (side, security) in call.security { session.secure(side, security) }
            return ByteBuffer(string: session.relay(description, from: .caller, isOffer: true, announcing: calleeFacingHost).text)
        case .refused(let error):
            if call.start.kind == .emergency { return .some(Self.directOffer(call.invite.request, security: call.security)) }
            guard call.phase == .ringing else { return nil }
            // With the port range used up, no channel is available whatever the count says.
            let available: Int
            if case .sessionsExhausted = error {
                available = max(0, CapacityLimit.voipChannels.max - 2 * (relay?.openSessions ?? 0))
            } else {
                available = 0
            }
            logger.warning("call refused: no VoIP channel", metadata: ["reason": "\(error)"])
            raise(
                EventMessageRequest(
                    type: "too_few_voip_channels", parameters: ["availableChannels": String(available)], at: clock.now()))
            call.invite.respond(
                SIPResponse(
                    answering: call.invite.request, status: 503,
                    reason: "Service Unavailable (too few VoIP channels: capacity_exceeded(voip_channels, max: \(CapacityLimit.voipChannels.max)))",
                    toTag: call.callerTag))
            end(call, cause: .refused, endedBy: .system)
            return nil
        }
    }

    /// The body of a message from one side as the other side must see it: through the call's
    /// relay session when it has one and the body is SDP (the relay learns where `side`
    /// receives, and SDES its keys), unchanged otherwise. Requests carry offers, responses
    /// answers (RFC 3264 §4 within RFC 3261 §13.2.1's INVITE and RFC 3311's UPDATE).
    func mediaBody(_ body: ByteBuffer, headers: SIPHeaders, of call: InternalCall, from side: RelaySide, isOffer: Bool) -> ByteBuffer {
        guard let session = call.media, let description = Self.sessionDescription(in: body, headers: headers) else { return body }
        let flowHost = side == .caller ? call.calleeFacingHost : call.invite.peer.localAddress?.ipAddress
        return ByteBuffer(string: session.relay(description, from: side, isOffer: isOffer, announcing: flowHost).text)
    }

    /// Closes the session of an anchor whose call is gone.
    static func discard(_ anchor: MediaAnchor) {
        if case .relayed(let session, _) = anchor { Task { await session.close() } }
    }

    /// Closes the call's relay session, if any, once the call has ended.
    func releaseMedia(of call: InternalCall) {
        guard let session = call.media else { return }
        call.media = nil
        Task { await session.close() }
    }

    static func sessionDescription(in body: ByteBuffer, headers: SIPHeaders) -> SDPSessionDescription? {
        guard body.readableBytes > 0, let type = (try? headers.contentType) ?? nil, type.matches(.sdp) else { return nil }
        return try? SDPSessionDescription(parsing: String(buffer: body))
    }
}
