import SIP

/// The SDES half of a relayed call (RFC 4568): what each side offered, the keys the relay gave
/// each side, and the keys it learnt from each — so every leg is secured on its own, and an
/// SRTP phone can talk to a plain-RTP provider through the relay, which translates.
///
/// With SDES the sender of each direction picks that direction's key (§6.1): a side's inbound
/// key (what the relay decrypts with) comes from its own `a=crypto`, its outbound key (what the
/// relay encrypts with) is made by the relay and sent to it. The relay makes one outbound key
/// per side, stream and suite and keeps it through re-offers (§6.1 allows it).
///
/// Each leg's suite is settled on that leg alone, so the relay's own offers list the suites in
/// its order (``offerOrder``) whatever the other side uses, and the answer's tag says which
/// line, and so which of the relay's keys, the answerer took (§5.1.2).
struct SDESNegotiation {
    /// The suites the relay offers, most preferred first (those this build can key).
    /// AEAD_AES_128_GCM first: through Debian's libsrtp2 (NSS) it costs a quarter of
    /// AES_CM_128_HMAC_SHA1_80 a packet — 3 µs against 11 µs with 500 directions of calls,
    /// `ops/bench-srtp/srtp_floor.c` — and the relay does that for every packet of every call;
    /// the AES_CM suites follow for the phones that have only those (RFC 4568 §6.2).
    static let offerOrder: [SRTPSuite] = [.aeadAES128GCM, .aesCM128HMACSHA1_80, .aesCM128HMACSHA1_32]

    /// What to do with each stream's keys once a description has been processed.
    enum Install: Equatable {
        /// Packets from `side` on `stream` are SRTP under `key`.
        case inbound(RelaySide, stream: Int, key: SRTPKeyMaterialBox)
        /// Packets to `side` on `stream` are protected with `key`.
        case outbound(RelaySide, stream: Int, key: SRTPKeyMaterialBox)
        /// `side`'s `stream` is plain RTP both ways.
        case plain(RelaySide, stream: Int)
    }

    var security: [RelaySide: RelaySecurity] = [.caller: .plain, .callee: .plain]
    /// The crypto lines each side offered last, per stream, that this build can key.
    private var offered: [RelaySide: [[SDPCrypto]]] = [:]
    /// The keys the relay made for each side, per stream and suite.
    private var outboundKeys: [RelaySide: [Int: [SRTPSuite: SRTPKeyMaterial]]] = [:]
    /// The lines of the relay's last offer to each side, per stream: the answer's tag picks one.
    private var relayOffered: [RelaySide: [Int: [(tag: UInt32, key: SRTPKeyMaterial)]]] = [:]

    /// Processes the description `side` sent, an offer or an answer: returns the description
    /// with the crypto attributes and profiles the other side must see (addresses untouched)
    /// and the keys to install.
    mutating func process(_ description: SDPSessionDescription, from side: RelaySide, isOffer: Bool) -> (SDPSessionDescription, [Install]) {
        var result = description
        var installs: [Install] = []
        let other = side.other
        if isOffer { offered[side] = description.media.map { Self.usable(in: $0) } }
        for index in description.media.indices {
            var stream = description.media[index]
            let theirs = Self.usable(in: stream)
            stream.attributes.removeAll { $0.name == "crypto" }
            guard stream.port != 0, stream.isRTP else {
                result.media[index] = stream
                continue
            }
            // Inbound, from `side`: the key of the line it sent (an answer's one accepted line,
            // an offer's first line this build can key). A side that sent none, or may not use
            // SDES, is plain both ways: the answer it gets (or gave) carries no key either.
            if case .srtp = security[side] ?? .plain, let line = theirs.first, let suite = SRTPSuite(sdpName: line.suite),
                let key = try? SRTPKeyMaterial(suite: suite, inlineKeyParameter: line.keyParameters)
            {
                installs.append(.inbound(side, stream: index, key: SRTPKeyMaterialBox(key)))
                // An answer to the relay's offer: the relay sends under the key of the line
                // whose tag it echoes, in that line's suite.
                if !isOffer, let ours = relayOffered[side]?[index]?.first(where: { $0.tag == line.tag }), ours.key.suite == suite {
                    installs.append(.outbound(side, stream: index, key: SRTPKeyMaterialBox(ours.key)))
                }
            } else {
                installs.append(.plain(side, stream: index))
            }
            // Outbound, to `other`: in an offer, a line of the relay's own for each suite of
            // ``offerOrder`` for a side that does SRTP; in an answer, a key for the line `other`
            // offered, if it offered one.
            stream.proto = Self.profile(stream.proto, secure: false)
            switch (security[other] ?? .plain, isOffer) {
            case (.srtp(let mandatory), true):
                // Until the answer says which line it took, the relay sends under its first.
                var lines: [(tag: UInt32, key: SRTPKeyMaterial)] = []
                for suite in Self.offerOrder where suite.isAvailable {
                    let line = (tag: UInt32(lines.count + 1), key: outboundKey(for: other, stream: index, suite: suite))
                    stream.attributes.append(SDPAttribute("crypto", String(line.tag) + " " + suite.sdpName + " " + line.key.inlineKeyParameter))
                    lines.append(line)
                }
                relayOffered[other, default: [:]][index] = lines
                stream.proto = Self.profile(stream.proto, secure: mandatory)
                if let first = lines.first { installs.append(.outbound(other, stream: index, key: SRTPKeyMaterialBox(first.key))) }
            case (.srtp, false):
                let theirOffer = offered[other].flatMap { index < $0.count ? $0[index] : nil } ?? []
                if let line = theirOffer.first, let suite = SRTPSuite(sdpName: line.suite) {
                    let key = outboundKey(for: other, stream: index, suite: suite)
                    stream.attributes.append(SDPAttribute("crypto", String(line.tag) + " " + suite.sdpName + " " + key.inlineKeyParameter))
                    stream.proto = Self.profile(stream.proto, secure: offeredSecureProfile[other]?[index] ?? false)
                    installs.append(.outbound(other, stream: index, key: SRTPKeyMaterialBox(key)))
                }
            case (.plain, _):
                break
            }
            result.media[index] = stream
        }
        if isOffer { offeredSecureProfile[side] = description.media.map { $0.proto.contains("SAVP") } }
        return (result, installs)
    }

    /// Whether each stream of a side's last offer was `RTP/SAVP`, which the answer to it mirrors.
    private var offeredSecureProfile: [RelaySide: [Bool]] = [:]

    /// The side's key for a stream in `suite`, made once and kept.
    private mutating func outboundKey(for side: RelaySide, stream: Int, suite: SRTPSuite) -> SRTPKeyMaterial {
        if let key = outboundKeys[side]?[stream]?[suite] { return key }
        let key = SRTPKeyMaterial.random(for: suite)
        outboundKeys[side, default: [:]][stream, default: [:]][suite] = key
        return key
    }

    /// The crypto lines of a stream whose suite this build can key, in the sender's order.
    static func usable(in stream: SDPMediaDescription) -> [SDPCrypto] {
        ((try? stream.cryptos) ?? []).filter { line in
            guard let suite = SRTPSuite(sdpName: line.suite), suite.isAvailable else { return false }
            return (try? SRTPKeyMaterial(suite: suite, inlineKeyParameter: line.keyParameters)) != nil
        }
    }

    /// `RTP/AVP` ↔ `RTP/SAVP` (and the feedback profiles `AVPF` ↔ `SAVPF`), RFC 3711 §12.
    static func profile(_ proto: String, secure: Bool) -> String {
        let parts = proto.split(separator: "/").map(String.init)
        guard parts.count == 2, parts[0] == "RTP" else { return proto }
        let plain = parts[1].replacingOccurrences(of: "SAVP", with: "AVP")
        return "RTP/" + (secure ? plain.replacingOccurrences(of: "AVP", with: "SAVP") : plain)
    }
}

/// Key material compared by identity of its suite and key parameter, for ``SDESNegotiation/Install``'s
/// equality in tests; the key itself is still never printed.
struct SRTPKeyMaterialBox: Equatable, Sendable {
    let key: SRTPKeyMaterial

    init(_ key: SRTPKeyMaterial) { self.key = key }

    static func == (lhs: Self, rhs: Self) -> Bool { lhs.key.inlineKeyParameter == rhs.key.inlineKeyParameter }
}
