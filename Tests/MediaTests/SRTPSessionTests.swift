import NIOCore
import Testing

@testable import Media

/// SRTP and SRTCP over libsrtp2 (RFC 3711), keyed the SDES way (RFC 4568).
@Suite struct SRTPSessionTests {
    /// RFC 3711 Appendix B.3's master key and salt, as an `inline:` key parameter.
    static let appendixBKey = "inline:4fl6DT4Bi+DWT6MsBt5BOQ7Gda1Jiv7rtpYLOqvm"

    /// A G.711 packet as ``RTPPacketizer`` writes one: PT 0, sequence 0x1234, 160 octets of
    /// payload counting up from 0.
    static let rtpPacket = hex("80001234deadbeefcafebabe") + (0..<160).map { UInt8($0) }

    /// An RTCP sender report without report blocks (RFC 3550 §6.4.1).
    static let rtcpPacket = hex("80c80006cafebabe e0a0b0c0d0e0f000 00000640 0000002a 00001a40")

    static func hex(_ text: String) -> [UInt8] {
        let digits = Array(text.filter { !$0.isWhitespace })
        return stride(from: 0, to: digits.count, by: 2).map { UInt8(String(digits[$0...$0 + 1]), radix: 16)! }
    }

    static func bytes(_ buffer: ByteBuffer) -> [UInt8] { Array(buffer.readableBytesView) }

    static func sessions(_ suite: SRTPSuite, key: SRTPKeyMaterial? = nil) throws -> (sender: SRTPSession, receiver: SRTPSession) {
        let key = key ?? SRTPKeyMaterial.random(for: suite)
        return (try SRTPSession(suite: suite, key: key, direction: .outbound), try SRTPSession(suite: suite, key: key, direction: .inbound))
    }

    // MARK: - Suites

    @Test func aesCMSuitesAreAlwaysAvailable() {
        #expect(SRTPSuite.available.starts(with: [.aesCM128HMACSHA1_80, .aesCM128HMACSHA1_32]))
        #expect(SRTPSuite(sdpName: "AES_CM_128_HMAC_SHA1_32") == .aesCM128HMACSHA1_32)
        #expect(SRTPSuite(sdpName: "aead_aes_128_gcm") == .aeadAES128GCM, "ABNF literals match in any case")
        #expect(SRTPSuite(sdpName: "F8_128_HMAC_SHA1_80") == nil)
        #expect(SRTPSuite.aeadAES128GCM.keyMaterialLength == 28 && SRTPSuite.aesCM128HMACSHA1_32.keyMaterialLength == 30)
        #expect(SRTPSuite.aesCM128HMACSHA1_32.rtpTrailerLength == 4 && SRTPSuite.aesCM128HMACSHA1_32.rtcpTrailerLength == 14)
    }

    @Test(arguments: SRTPSuite.allCases)
    func unavailableSuiteIsRefused(suite: SRTPSuite) throws {
        if suite.isAvailable {
            _ = try SRTPSession(suite: suite, key: .random(for: suite), direction: .outbound)
        } else {
            #expect(throws: SRTPError.suiteUnavailable(suite)) { try SRTPSession(suite: suite, key: .random(for: suite), direction: .outbound) }
        }
    }

    // MARK: - Round trips

    @Test(arguments: SRTPSuite.available)
    func rtpRoundTrip(suite: SRTPSuite) throws {
        let (sender, receiver) = try Self.sessions(suite)
        for sequence in 0..<3 {
            var plain = Self.rtpPacket
            plain[3] = UInt8(sequence)
            var buffer = ByteBuffer(bytes: plain)
            try sender.protect(&buffer)
            let protected = Self.bytes(buffer)
            #expect(protected.count == plain.count + suite.rtpAuthTagLength)
            #expect(protected.prefix(12) == plain.prefix(12), "the header stays in clear (RFC 3711 §3.1)")
            #expect(protected[12..<plain.count] != plain[12...], "the payload is encrypted")
            try receiver.unprotect(&buffer)
            #expect(Self.bytes(buffer) == plain)
        }
    }

    @Test(arguments: SRTPSuite.available)
    func rtcpRoundTrip(suite: SRTPSuite) throws {
        let (sender, receiver) = try Self.sessions(suite)
        for _ in 0..<3 {
            var buffer = ByteBuffer(bytes: Self.rtcpPacket)
            try sender.protectRTCP(&buffer)
            let protected = Self.bytes(buffer)
            #expect(protected.count == Self.rtcpPacket.count + 4 + suite.rtcpAuthTagLength)
            #expect(protected.prefix(8) == Self.rtcpPacket.prefix(8), "header and sender SSRC stay in clear (RFC 3711 §3.4)")
            #expect(protected[8..<Self.rtcpPacket.count] != Self.rtcpPacket[8...])
            try receiver.unprotectRTCP(&buffer)
            #expect(Self.bytes(buffer) == Self.rtcpPacket)
        }
    }

    /// RFC 4568 §6.2.2: the 32-bit suite shortens the SRTP tag only.
    @Test func sha1_32KeepsEightyBitRTCPTags() throws {
        let (sender, _) = try Self.sessions(.aesCM128HMACSHA1_32)
        var rtp = ByteBuffer(bytes: Self.rtpPacket)
        try sender.protect(&rtp)
        var rtcp = ByteBuffer(bytes: Self.rtcpPacket)
        try sender.protectRTCP(&rtcp)
        #expect(rtp.readableBytes == Self.rtpPacket.count + 4)
        #expect(rtcp.readableBytes == Self.rtcpPacket.count + 4 + 10)
    }

    // MARK: - Known answers

    /// libsrtp's output against an SRTP written independently of it (Python over OpenSSL, after
    /// RFC 3711 §4.1.1, §4.2.1 and §4.3, and checked first against the AES-CM keystream of
    /// Appendix B.2 and the key derivation of Appendix B.3), with B.3's master key and salt.
    @Test func rtpMatchesAnIndependentImplementation() throws {
        let payload =
            "e5ff75e44837d5742f0673b5333b81a68f0181f1a158b29c49be2d2fb372932154c24544a8470ccca918abed9997fe474d15eef3e5f0baf01e37fee609a51833"
            + "d54b3f2fe611cc82f04aaf2e1b06aa6aba263bbf529e1d369a6eb66fc1bd7076d2353a5555e5f2a43dcbafd71d73011f3278cb7017e14272a5e830a7d23afdad"
            + "dbb5b6345365db89385c92ff48e684e13bc6d94a18a2bd02b78859c46bf9c3c3"
        // The 32-bit tag is the 80-bit one cut short (RFC 3711 §4.2.1).
        for (suite, tag) in [(SRTPSuite.aesCM128HMACSHA1_80, "32e55c5d2fe456dc8be6"), (.aesCM128HMACSHA1_32, "32e55c5d")] {
            let key = try SRTPKeyMaterial(suite: suite, inlineKeyParameter: Self.appendixBKey)
            let (sender, receiver) = try Self.sessions(suite, key: key)
            var buffer = ByteBuffer(bytes: Self.rtpPacket)
            try sender.protect(&buffer)
            #expect(Self.bytes(buffer) == Self.hex("80001234deadbeefcafebabe" + payload + tag), "\(suite)")
            try receiver.unprotect(&buffer)
            #expect(Self.bytes(buffer) == Self.rtpPacket)
        }
    }

    /// The test packet of libsrtp's own driver (srtp_driver.c), which uses the same key.
    @Test func libsrtpDriverVector() throws {
        let key = try SRTPKeyMaterial(suite: .aesCM128HMACSHA1_80, inlineKeyParameter: Self.appendixBKey)
        let (sender, _) = try Self.sessions(.aesCM128HMACSHA1_80, key: key)
        var buffer = ByteBuffer(bytes: Self.hex("800f1234decafbadcafebabe") + [UInt8](repeating: 0xAB, count: 16))
        try sender.protect(&buffer)
        #expect(Self.bytes(buffer) == Self.hex("800f1234decafbadcafebabe 4e55dc4ce79978d88ca4d215949d2402 b78d6acc99ea179b8dbb"))
    }

    /// SRTCP against the same independent implementation. libsrtp numbers its first SRTCP
    /// packet 1, where RFC 3711 §3.4 starts the index at 0; the index travels in the packet, so
    /// receivers do not care.
    @Test func rtcpMatchesAnIndependentImplementation() throws {
        let key = try SRTPKeyMaterial(suite: .aesCM128HMACSHA1_80, inlineKeyParameter: Self.appendixBKey)
        let (sender, receiver) = try Self.sessions(.aesCM128HMACSHA1_80, key: key)
        var buffer = ByteBuffer(bytes: Self.rtcpPacket)
        try sender.protectRTCP(&buffer)
        #expect(
            Self.bytes(buffer) == Self.hex("80c80006cafebabe 3a2318309fcce21615533daa52dc0e297e44096a 80000001 0583e4a4b4d4800c64b8"))
        try receiver.unprotectRTCP(&buffer)
        #expect(Self.bytes(buffer) == Self.rtcpPacket)
    }

    // MARK: - Refusals

    @Test(arguments: SRTPSuite.available)
    func flippedBitFailsAuthentication(suite: SRTPSuite) throws {
        let (sender, receiver) = try Self.sessions(suite)
        var buffer = ByteBuffer(bytes: Self.rtpPacket)
        try sender.protect(&buffer)
        let protected = Self.bytes(buffer)
        for offset in [1, 20, protected.count - 1] {
            var tampered = protected
            tampered[offset] ^= 0x01
            var packet = ByteBuffer(bytes: tampered)
            #expect(throws: SRTPError.authenticationFailed, "bit flipped at \(offset)") { try receiver.unprotect(&packet) }
            #expect(packet.readableBytes == tampered.count, "a refused packet keeps its length")
        }
        var rtcp = ByteBuffer(bytes: Self.rtcpPacket)
        try sender.protectRTCP(&rtcp)
        rtcp.setInteger(rtcp.getInteger(at: 10, as: UInt8.self)! ^ 0x80, at: 10)
        #expect(throws: SRTPError.authenticationFailed) { try receiver.unprotectRTCP(&rtcp) }
        var original = ByteBuffer(bytes: protected)
        try receiver.unprotect(&original)
        #expect(Self.bytes(original) == Self.rtpPacket, "failed attempts leave the session usable")
    }

    @Test(arguments: SRTPSuite.available)
    func replayIsRefused(suite: SRTPSuite) throws {
        let (sender, receiver) = try Self.sessions(suite)
        var buffer = ByteBuffer(bytes: Self.rtpPacket)
        try sender.protect(&buffer)
        var replay = buffer
        try receiver.unprotect(&buffer)
        #expect(throws: SRTPError.replayed) { try receiver.unprotect(&replay) }
        var rtcp = ByteBuffer(bytes: Self.rtcpPacket)
        try sender.protectRTCP(&rtcp)
        var rtcpReplay = rtcp
        try receiver.unprotectRTCP(&rtcp)
        #expect(throws: SRTPError.replayed) { try receiver.unprotectRTCP(&rtcpReplay) }
        #expect(SRTPError.replayed.description.contains("RFC 3711 §3.3.2"))
        #expect(SRTPError.authenticationFailed.description == "srtp_err_status_auth_fail: authentication tag did not verify (RFC 3711 §3.3 step 5)")
    }

    /// Sending one sequence number twice under one key would reuse keystream.
    @Test func protectingOneIndexTwiceIsRefused() throws {
        let (sender, _) = try Self.sessions(.aesCM128HMACSHA1_80)
        var first = ByteBuffer(bytes: Self.rtpPacket)
        try sender.protect(&first)
        var again = ByteBuffer(bytes: Self.rtpPacket)
        #expect(throws: SRTPError.replayed) { try sender.protect(&again) }
        #expect(Self.bytes(again).count == Self.rtpPacket.count)
    }

    @Test func wrongDirectionShortPacketAndSuiteMismatchAreRefused() throws {
        let (sender, receiver) = try Self.sessions(.aesCM128HMACSHA1_80)
        var buffer = ByteBuffer(bytes: Self.rtpPacket)
        #expect(throws: SRTPError.wrongDirection(session: .inbound, operation: "srtp_protect")) { try receiver.protect(&buffer) }
        #expect(throws: SRTPError.wrongDirection(session: .outbound, operation: "srtp_unprotect_rtcp")) { try sender.unprotectRTCP(&buffer) }
        var short = ByteBuffer(bytes: Self.rtpPacket.prefix(12 + 9))
        #expect(throws: SRTPError.packetTooShort(length: 21, minimum: 22)) { try receiver.unprotect(&short) }
        var shortRTCP = ByteBuffer(bytes: [0x80, 0xC8, 0, 1])
        #expect(throws: SRTPError.packetTooShort(length: 4, minimum: 8)) { try sender.protectRTCP(&shortRTCP) }
        #expect(throws: SRTPError.suiteMismatch(session: .aesCM128HMACSHA1_32, key: .aesCM128HMACSHA1_80)) {
            try SRTPSession(suite: .aesCM128HMACSHA1_32, key: .random(for: .aesCM128HMACSHA1_80), direction: .outbound)
        }
    }

    // MARK: - Buffers

    /// libsrtp writes exactly the trailer after the packet, not the 144 octets its header
    /// reserves: octets beyond it keep a guard pattern.
    @Test(arguments: SRTPSuite.available)
    func protectWritesOnlyTheTrailer(suite: SRTPSuite) throws {
        let (sender, _) = try Self.sessions(suite)
        for rtcp in [false, true] {
            let plain = rtcp ? Self.rtcpPacket : Self.rtpPacket
            var buffer = ByteBufferAllocator().buffer(capacity: plain.count + 200)
            buffer.writeBytes(plain)
            let guardLength = buffer.writableBytes
            _ = buffer.withUnsafeMutableWritableBytes { $0.initializeMemory(as: UInt8.self, repeating: 0xA5) }
            let storage = buffer.withUnsafeReadableBytes { $0.baseAddress }
            if rtcp { try sender.protectRTCP(&buffer) } else { try sender.protect(&buffer) }
            #expect(buffer.withUnsafeReadableBytes { $0.baseAddress } == storage, "protected in place, no copy")
            let trailer = buffer.readableBytes - plain.count
            #expect(trailer == (rtcp ? suite.rtcpTrailerLength : suite.rtpTrailerLength))
            let rest = buffer.withUnsafeMutableWritableBytes { Array($0) }
            #expect(rest.count == guardLength - trailer && rest.allSatisfy { $0 == 0xA5 }, "\(suite) rtcp: \(rtcp)")
        }
    }

    @Test func aFullBufferGrowsForTheTrailer() throws {
        let (sender, receiver) = try Self.sessions(.aesCM128HMACSHA1_80)
        var buffer = ByteBufferAllocator().buffer(capacity: Self.rtpPacket.count)
        buffer.writeBytes(Self.rtpPacket)
        try sender.protect(&buffer)
        #expect(buffer.readableBytes == Self.rtpPacket.count + 10)
        try receiver.unprotect(&buffer)
        #expect(Self.bytes(buffer) == Self.rtpPacket)
    }

    /// RTP over TCP (RFC 4571) leaves the packet two octets into the buffer.
    @Test func packetOffAWordBoundary() throws {
        let (sender, receiver) = try Self.sessions(.aesCM128HMACSHA1_80)
        var framed = ByteBuffer(bytes: [0x00, 0xAC] + Self.rtpPacket)
        framed.moveReaderIndex(forwardBy: 2)
        try sender.protect(&framed)
        #expect(framed.readableBytes == Self.rtpPacket.count + 10)
        var received = ByteBuffer(bytes: [0x00, 0xB6] + Self.bytes(framed))
        received.moveReaderIndex(forwardBy: 2)
        try receiver.unprotect(&received)
        #expect(Self.bytes(received) == Self.rtpPacket)
    }

    /// A buffer that shares storage is copied on write; the other copy keeps the plain packet.
    @Test func sharedStorageIsNotChanged() throws {
        let (sender, _) = try Self.sessions(.aesCM128HMACSHA1_80)
        let original = ByteBuffer(bytes: Self.rtpPacket)
        var buffer = original
        try sender.protect(&buffer)
        #expect(Self.bytes(original) == Self.rtpPacket)
        #expect(buffer.readableBytes == Self.rtpPacket.count + 10)
    }

    // MARK: - Key material

    @Test func inlineKeyParameter() throws {
        let key = try SRTPKeyMaterial(suite: .aesCM128HMACSHA1_80, inlineKeyParameter: Self.appendixBKey + "|2^20")
        #expect(key.keyAndSalt == Self.hex("E1F97A0D3E018BE0D64FA32C06DE4139 0EC675AD498AFEEBB6960B3AABE6"))
        #expect(key.lifetime == 1 << 20)
        #expect(key.inlineKeyParameter == Self.appendixBKey + "|2^20")
        let decimal = try SRTPKeyMaterial(suite: .aesCM128HMACSHA1_32, inlineKeyParameter: "INLINE:4fl6DT4Bi+DWT6MsBt5BOQ7Gda1Jiv7rtpYLOqvm|1000")
        #expect(decimal.lifetime == 1000 && decimal.inlineKeyParameter == Self.appendixBKey + "|1000")
        // A GCM key is 28 octets: base64 with "==", which some peers leave off.
        let padded = try SRTPKeyMaterial(suite: .aeadAES128GCM, inlineKeyParameter: "inline:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGw==")
        let unpadded = try SRTPKeyMaterial(suite: .aeadAES128GCM, inlineKeyParameter: "inline:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGw")
        #expect(padded.keyAndSalt == Array(0..<28) && unpadded.keyAndSalt == padded.keyAndSalt)
        #expect(unpadded.inlineKeyParameter == "inline:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGw==")
    }

    @Test func badKeyParametersNameTheRule() throws {
        func refusal(_ text: String, suite: SRTPSuite = .aesCM128HMACSHA1_80) -> SRTPError? {
            do {
                _ = try SRTPKeyMaterial(suite: suite, inlineKeyParameter: text)
                return nil
            } catch { return error }
        }
        let short = refusal(Self.appendixBKey, suite: .aeadAES128GCM)
        #expect(short == .wrongKeyLength(suite: .aeadAES128GCM, expected: 28, actual: 30))
        #expect(short?.description.contains("RFC 7714 §14.2") == true)
        let long = refusal("inline:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGw==")
        #expect(long == .wrongKeyLength(suite: .aesCM128HMACSHA1_80, expected: 30, actual: 28))
        #expect(long?.description.contains("RFC 4568 §6.2") == true)
        for text in [
            "inline:4fl6DT4Bi+DWT6MsBt5BOQ7Gda1Jiv7rtpYLOqv!", "inline:", "inline:4fl6DT4Bi-DWT6MsBt5BOQ7Gda1Jiv7rtpYLOqvm", "inline:A===", "inline:4fl6 DT4B",
        ] {
            let error = refusal(text)
            #expect(error == .invalidBase64, "\(text)")
            #expect(error?.description.contains("base64") == true)
        }
        #expect(refusal(Self.appendixBKey + "|2^20|1:4") == .mkiNotSupported)
        #expect(refusal(Self.appendixBKey + "|1:4")?.description.contains("MKI") == true)
        #expect(refusal("uri:sip:keys.example.com") == .notInlineKey)
        #expect(refusal(Self.appendixBKey + "|2^49") == .invalidLifetime("2^49"))
        #expect(refusal(Self.appendixBKey + "|0") == .invalidLifetime("0"))
        #expect(refusal(Self.appendixBKey + "|2^x") == .invalidLifetime("2^x"))
        #expect(refusal(Self.appendixBKey + "|") == .invalidLifetime(""))
        #expect(refusal(Self.appendixBKey + "|20|30") == .malformedKeyParameter(reason: "two lifetime fields in one key parameter"))
    }

    @Test(arguments: SRTPSuite.allCases)
    func randomKeys(suite: SRTPSuite) throws {
        let keys = (0..<16).map { _ in SRTPKeyMaterial.random(for: suite) }
        #expect(keys.allSatisfy { $0.keyAndSalt.count == suite.keyMaterialLength && $0.suite == suite && $0.lifetime == nil })
        #expect(Set(keys.map(\.keyAndSalt)).count == 16)
        for key in keys {
            #expect(try SRTPKeyMaterial(suite: suite, inlineKeyParameter: key.inlineKeyParameter).keyAndSalt == key.keyAndSalt)
        }
    }

    /// Keys never reach a log: not through interpolation, `String(reflecting:)` or `dump`.
    @Test func keyMaterialIsRedacted() throws {
        let key = try SRTPKeyMaterial(suite: .aesCM128HMACSHA1_80, inlineKeyParameter: Self.appendixBKey)
        var dumped = ""
        dump(key, to: &dumped)
        for text in ["\(key)", String(reflecting: key), "\([key])", dumped] {
            #expect(!text.contains("4fl6DT4Bi") && !text.contains("225") && !text.contains("E1F97A"), "\(text)")
            #expect(text.contains("AES_CM_128_HMAC_SHA1_80"))
        }
        #expect("\(key)" == "SRTPKeyMaterial(AES_CM_128_HMAC_SHA1_80, redacted)")
    }
}
