import NIOCore
import SIP
import Testing

@testable import Media

/// SRTP through the relay (issue 16 point 4): each side keyed on its own by SDES, the relay
/// translating between an SRTP phone and a plain-RTP peer — real UDP sockets on 127.0.0.1, the
/// phone's side encrypted and checked with independent `SRTPSession`s.
@Suite(.serialized) struct RelaySRTPTests {
    static func sdp(port: UInt16, proto: String = "RTP/AVP", crypto: [String] = []) throws -> SDPSessionDescription {
        let lines = ["v=0", "o=- 1 1 IN IP4 127.0.0.1", "s=-", "c=IN IP4 127.0.0.1", "t=0 0", "m=audio \(port) \(proto) 0"] + crypto.map { "a=crypto:" + $0 }
        return try SDPSessionDescription(parsing: (lines + [""]).joined(separator: "\r\n"))
    }

    static func rtp(_ sequence: UInt16) -> [UInt8] {
        [0x80, 0x00, UInt8(sequence >> 8), UInt8(sequence & 0xFF), 0, 0, 0, 0, 0x11, 0x22, 0x33, 0x44] + Array(repeating: UInt8(sequence & 0xFF), count: 160)
    }

    @Test func anSRTPPhoneTalksToAPlainPeerThroughTheRelay() async throws {
        let relay = RTPRelay(host: "127.0.0.1", ports: 42_600...42_699, sessionLimit: 4)
        let session = try await relay.open(streams: 1)
        session.secure(.caller, .srtp(mandatory: true))
        let phone = try UDPTestSocket()
        let peer = try UDPTestSocket()
        let phoneKey = SRTPKeyMaterial.random(for: .aesCM128HMACSHA1_80)
        // An unknown suite first: the relay takes the first line it can key.
        let offer = try Self.sdp(
            port: phone.port, proto: "RTP/SAVP",
            crypto: ["1 F8_128_HMAC_SHA1_80 inline:MTIzNDU2Nzg5QUJDREUwMTIzNDU2Nzg5QUJjZGVm", "2 AES_CM_128_HMAC_SHA1_80 " + phoneKey.inlineKeyParameter])
        let towardsPeer = session.relay(offer, from: .caller, isOffer: true)
        #expect(try towardsPeer.media[0].proto == "RTP/AVP" && towardsPeer.media[0].cryptos.isEmpty, "the plain side sees no key: \(towardsPeer.text)")
        let towardsPhone = session.relay(try Self.sdp(port: peer.port), from: .callee, isOffer: false)
        let answered = try #require(try towardsPhone.media[0].cryptos.first)
        #expect(towardsPhone.media[0].proto == "RTP/SAVP" && answered.tag == 2 && answered.suite == "AES_CM_128_HMAC_SHA1_80", "\(towardsPhone.text)")
        let relayKey = try SRTPKeyMaterial(suite: .aesCM128HMACSHA1_80, inlineKeyParameter: answered.keyParameters)
        #expect(relayKey.inlineKeyParameter != phoneKey.inlineKeyParameter, "each direction has its own key")

        let phoneOut = try SRTPSession(suite: .aesCM128HMACSHA1_80, key: phoneKey, direction: .outbound)
        let phoneIn = try SRTPSession(suite: .aesCM128HMACSHA1_80, key: relayKey, direction: .inbound)
        try await Task.sleep(for: .milliseconds(50))
        let callerFacing = session.ports(facing: .caller)[0]
        let calleeFacing = session.ports(facing: .callee)[0]

        var protected = ByteBuffer(bytes: Self.rtp(1))
        try phoneOut.protect(&protected)
        #expect(protected.readableBytes == 172 + 10)
        phone.send(Array(protected.readableBytesView), to: callerFacing)
        #expect(peer.receive()?.bytes == Self.rtp(1), "the plain peer gets the packet decrypted")

        peer.send(Self.rtp(7), to: calleeFacing)
        let atPhone = try #require(phone.receive())
        #expect(atPhone.bytes.count == 172 + 10 && Array(atPhone.bytes.prefix(12)) == Array(Self.rtp(7).prefix(12)))
        #expect(Array(atPhone.bytes[12..<172]) != Array(Self.rtp(7)[12...]), "no plain payload reaches the SRTP phone")
        var decrypted = ByteBuffer(bytes: atPhone.bytes)
        try phoneIn.unprotect(&decrypted)
        #expect(Array(decrypted.readableBytesView) == Self.rtp(7))

        // A plain packet, and a tampered one, from the SRTP side go nowhere.
        phone.send(Self.rtp(2), to: callerFacing)
        var tampered = ByteBuffer(bytes: Self.rtp(3))
        try phoneOut.protect(&tampered)
        // Flipped, not set: the ciphertext byte is 0xFF once in 256 runs, and setting it would
        // then change nothing and the packet would pass (it did, once, in CI).
        tampered.setInteger(try #require(tampered.getInteger(at: 40, as: UInt8.self)) ^ 0xFF, at: 40)
        phone.send(Array(tampered.readableBytesView), to: callerFacing)
        #expect(peer.receive() == nil)
        let statistics = await session.close()
        #expect(statistics.dropped == 2 && statistics.packetsFromCaller == 1 && statistics.packetsFromCallee == 1)
    }

    @Test func aPhoneWithoutKeysStaysPlainAndAPreferredSideIsOfferedAKeyOverAVP() throws {
        var negotiation = SDESNegotiation()
        negotiation.security = [.caller: .srtp(mandatory: false), .callee: .srtp(mandatory: false)]
        let (offer, installs) = negotiation.process(try Self.sdp(port: 4000), from: .caller, isOffer: true)
        #expect(installs.first == .plain(.caller, stream: 0))
        #expect(try offer.media[0].proto == "RTP/AVP" && !offer.media[0].cryptos.isEmpty, "best-effort SRTP to a preferred side")
        #expect(try offer.media[0].cryptos.map(\.suite) == SDESNegotiation.offerOrder.filter(\.isAvailable).map(\.sdpName))
        #expect(installs.count == 2)
        // The callee answers without a key: its side is plain too, and so is the caller's answer.
        let (answer, answerInstalls) = negotiation.process(try Self.sdp(port: 5000), from: .callee, isOffer: false)
        #expect(answerInstalls == [.plain(.callee, stream: 0)])
        #expect(try answer.media[0].cryptos.isEmpty && answer.media[0].proto == "RTP/AVP")
    }

    @Test("the relay's own offer lists its suites, GCM first; the answer's tag picks the key it sends under")
    func theAnswersTagPicksTheRelaysKey() throws {
        #expect(SRTPSuite.aeadAES128GCM.isAvailable, "Debian's libsrtp2 has AES-GCM through NSS")
        for (tag, suite) in [(UInt32(1), SRTPSuite.aeadAES128GCM), (2, .aesCM128HMACSHA1_80)] {
            var negotiation = SDESNegotiation()
            negotiation.security = [.caller: .plain, .callee: .srtp(mandatory: true)]
            let (offer, offerInstalls) = negotiation.process(try Self.sdp(port: 4000), from: .caller, isOffer: true)
            let lines = try offer.media[0].cryptos
            #expect(offer.media[0].proto == "RTP/SAVP" && lines.map(\.tag) == [1, 2, 3])
            #expect(lines.map(\.suite) == ["AEAD_AES_128_GCM", "AES_CM_128_HMAC_SHA1_80", "AES_CM_128_HMAC_SHA1_32"])
            #expect(Set(lines.map(\.keyParameters)).count == 3, "a key of its own for each line")
            let first = try SRTPKeyMaterial(suite: .aeadAES128GCM, inlineKeyParameter: lines[0].keyParameters)
            #expect(offerInstalls == [.plain(.caller, stream: 0), .outbound(.callee, stream: 0, key: SRTPKeyMaterialBox(first))])
            let chosen = try #require(lines.first { $0.tag == tag })
            let calleeKey = SRTPKeyMaterial.random(for: suite)
            let (answer, installs) = negotiation.process(
                try Self.sdp(port: 5000, proto: "RTP/SAVP", crypto: ["\(tag) \(suite.sdpName) \(calleeKey.inlineKeyParameter)"]), from: .callee,
                isOffer: false)
            let relayKey = try SRTPKeyMaterial(suite: suite, inlineKeyParameter: chosen.keyParameters)
            #expect(
                installs == [
                    .inbound(.callee, stream: 0, key: SRTPKeyMaterialBox(calleeKey)), .outbound(.callee, stream: 0, key: SRTPKeyMaterialBox(relayKey)),
                ], "\(suite)")
            #expect(!answer.text.contains("crypto"), "the plain caller's answer carries no key")
        }
    }

    @Test func aPlainPeerTalksToAnSRTPPhoneOverTheGCMLineItAccepted() async throws {
        let relay = RTPRelay(host: "127.0.0.1", ports: 42_700...42_799, sessionLimit: 4)
        let session = try await relay.open(streams: 1)
        session.secure(.callee, .srtp(mandatory: true))
        let peer = try UDPTestSocket()
        let phone = try UDPTestSocket()
        let towardsPhone = session.relay(try Self.sdp(port: peer.port), from: .caller, isOffer: true)
        let line = try #require(try towardsPhone.media[0].cryptos.first)
        #expect(line.tag == 1 && line.suite == "AEAD_AES_128_GCM", "\(towardsPhone.text)")
        let relayKey = try SRTPKeyMaterial(suite: .aeadAES128GCM, inlineKeyParameter: line.keyParameters)
        let phoneKey = SRTPKeyMaterial.random(for: .aeadAES128GCM)
        _ = session.relay(
            try Self.sdp(port: phone.port, proto: "RTP/SAVP", crypto: ["1 AEAD_AES_128_GCM " + phoneKey.inlineKeyParameter]), from: .callee,
            isOffer: false)
        let phoneOut = try SRTPSession(suite: .aeadAES128GCM, key: phoneKey, direction: .outbound)
        let phoneIn = try SRTPSession(suite: .aeadAES128GCM, key: relayKey, direction: .inbound)
        try await Task.sleep(for: .milliseconds(50))

        peer.send(Self.rtp(5), to: session.ports(facing: .caller)[0])
        let atPhone = try #require(phone.receive())
        #expect(atPhone.bytes.count == 172 + SRTPSuite.aeadAES128GCM.rtpTrailerLength)
        var decrypted = ByteBuffer(bytes: atPhone.bytes)
        try phoneIn.unprotect(&decrypted)
        #expect(Array(decrypted.readableBytesView) == Self.rtp(5))

        var protected = ByteBuffer(bytes: Self.rtp(9))
        try phoneOut.protect(&protected)
        phone.send(Array(protected.readableBytesView), to: session.ports(facing: .callee)[0])
        #expect(peer.receive()?.bytes == Self.rtp(9), "the plain peer gets the phone's packet decrypted")
        await session.close()
    }

    @Test func aKeyNeverReachesAPlainSide() throws {
        var negotiation = SDESNegotiation()
        let key = SRTPKeyMaterial.random(for: .aesCM128HMACSHA1_32)
        let (offer, installs) = negotiation.process(
            try Self.sdp(port: 4000, proto: "RTP/SAVP", crypto: ["1 AES_CM_128_HMAC_SHA1_32 " + key.inlineKeyParameter]), from: .caller, isOffer: true)
        #expect(!offer.text.contains("crypto") && !offer.text.contains(key.inlineKeyParameter))
        #expect(installs == [.plain(.caller, stream: 0)], "a side that may not use SDES (no TLS) is plain")
    }
}
