import Testing

@testable import SNMP

/// Issue 13, point 10: the server discovers an SNMPv3 receiver's engine itself (RFC 3414 §4),
/// so the two messages of that exchange must be right, and a hostile answer must read as none.
@Suite struct EngineDiscoveryMessageTests {
    static let engineID: [UInt8] = [0x80, 0x00, 0x1F, 0x88, 0x04] + Array("receiver".utf8)

    /// A Report as a receiver sends it: msgID echoed, its engine in the USM parameters, and
    /// usmStatsUnknownEngineIDs in the PDU.
    static func report(messageID: Int, engineID: [UInt8] = engineID, boots: Int = 7, time: Int = 123_456, pduTag: UInt8 = BER.reportTag) -> [UInt8] {
        let usm = BER.sequence(
            BER.octets(engineID) + BER.integer(boots) + BER.integer(time) + BER.octets([]) + BER.octets([]) + BER.octets([]))
        let unknownEngineIDs: [UInt8] = [0x06, 0x0A, 0x2B, 0x06, 0x01, 0x06, 0x03, 0x0F, 0x01, 0x01, 0x04, 0x00]
        let varbind = BER.sequence(unknownEngineIDs + [0x41, 0x01, 0x01])
        let pdu = BER.element(pduTag, BER.integer(99) + BER.integer(0) + BER.integer(0) + BER.sequence(varbind))
        let scoped = BER.sequence(BER.octets(engineID) + BER.octets([]) + pdu)
        let global = BER.sequence(BER.integer(messageID) + BER.integer(65507) + BER.octets([0x00]) + BER.integer(3))
        return BER.sequence(BER.integer(3) + global + BER.octets(usm) + scoped)
    }

    /// The next element with `tag` (outside `#require`, which cannot call a mutating method).
    func element(_ reader: inout BER.Reader, _ tag: UInt8) throws -> BER.Reader {
        let next = reader.read(tag)
        return try #require(next)
    }

    @Test("the request is an unauthenticated, reportable SNMPv3 GetRequest with empty engine ID, user and context")
    func request() throws {
        var message = BER.Reader(EngineDiscoveryMessage.request(messageID: 0x1234_5678, requestID: 42))
        var outer = try element(&message, BER.sequenceTag)
        #expect(message.isAtEnd)
        #expect(outer.readInteger() == 3)
        var global = try element(&outer, BER.sequenceTag)
        #expect(global.readInteger() == 0x1234_5678)
        #expect(global.readInteger() == 65507)
        #expect(global.read(BER.octetStringTag)?.remaining == [0x04], "reportable, noAuthNoPriv")
        #expect(global.readInteger() == 3, "the user-based security model")
        var parameters = BER.Reader(try element(&outer, BER.octetStringTag).remaining)
        var usm = try element(&parameters, BER.sequenceTag)
        #expect(usm.read(BER.octetStringTag)?.remaining == [], "no engine ID: that is the question")
        #expect(usm.readInteger() == 0)
        #expect(usm.readInteger() == 0)
        for _ in 0..<3 { #expect(usm.read(BER.octetStringTag)?.remaining == [], "no user, no authentication, no privacy") }
        var scoped = try element(&outer, BER.sequenceTag)
        #expect(scoped.read(BER.octetStringTag)?.remaining == [])
        #expect(scoped.read(BER.octetStringTag)?.remaining == [])
        var get = try element(&scoped, BER.getRequestTag)
        #expect(get.readInteger() == 42)
        #expect(get.readInteger() == 0)
        #expect(get.readInteger() == 0)
        #expect(get.read(BER.sequenceTag)?.isAtEnd == true, "no variable bindings")
        #expect(outer.isAtEnd && scoped.isAtEnd && get.isAtEnd)
    }

    @Test("a Report answering the request names the receiver's engine, boots and time")
    func report() {
        let engine = EngineDiscoveryMessage.engine(inReport: Self.report(messageID: 77), answering: 77)
        #expect(engine?.engineID == Self.engineID)
        #expect(engine?.boots == 7)
        #expect(engine?.time == 123_456)
        #expect(
            EngineDiscoveryMessage.engine(inReport: Self.report(messageID: 77, boots: 2_147_483_647, time: 0), answering: 77)?.boots
                == 2_147_483_647)
    }

    @Test("anything but a Report to this request reads as no answer")
    func refused() {
        #expect(EngineDiscoveryMessage.engine(inReport: Self.report(messageID: 78), answering: 77) == nil, "another request's")
        #expect(EngineDiscoveryMessage.engine(inReport: Self.report(messageID: 77, pduTag: 0xA2), answering: 77) == nil, "a Response")
        #expect(EngineDiscoveryMessage.engine(inReport: Self.report(messageID: 77, engineID: [1, 2, 3, 4]), answering: 77) == nil, "RFC 3411: 5–32 octets")
        #expect(
            EngineDiscoveryMessage.engine(inReport: Self.report(messageID: 77, engineID: [UInt8](repeating: 9, count: 33)), answering: 77) == nil)
        #expect(EngineDiscoveryMessage.engine(inReport: Self.report(messageID: 77, boots: -1), answering: 77) == nil, "negative boots")
        #expect(EngineDiscoveryMessage.engine(inReport: Self.report(messageID: 77) + [0], answering: 77) == nil, "trailing bytes")
        #expect(EngineDiscoveryMessage.engine(inReport: [], answering: 77) == nil)
    }

    @Test("every truncation and thousands of corruptions of a Report read safely")
    func hostile() {
        let valid = Self.report(messageID: 5)
        for length in 0..<valid.count {
            #expect(EngineDiscoveryMessage.engine(inReport: Array(valid.prefix(length)), answering: 5) == nil, "cut at \(length)")
        }
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            var corrupt = valid
            for _ in 0..<Int.random(in: 1...4, using: &generator) {
                corrupt[Int.random(in: 0..<corrupt.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
            }
            if let engine = EngineDiscoveryMessage.engine(inReport: corrupt, answering: 5) {
                #expect((5...32).contains(engine.engineID.count))
            }
        }
        // A length that claims more than the packet holds, in long form.
        #expect(EngineDiscoveryMessage.engine(inReport: [0x30, 0x84, 0x7F, 0xFF, 0xFF, 0xFF, 0x02, 0x01, 0x03], answering: 5) == nil)
    }

    @Test("integers take their shortest two's-complement form")
    func integers() {
        #expect(BER.integer(0) == [0x02, 0x01, 0x00])
        #expect(BER.integer(127) == [0x02, 0x01, 0x7F])
        #expect(BER.integer(128) == [0x02, 0x02, 0x00, 0x80])
        #expect(BER.integer(-1) == [0x02, 0x01, 0xFF])
        #expect(BER.integer(-129) == [0x02, 0x02, 0xFF, 0x7F])
        #expect(BER.integer(65507) == [0x02, 0x03, 0x00, 0xFF, 0xE3])
        for value in [0, 1, -1, 127, 128, -128, -129, 65_507, 2_147_483_647, -2_147_483_648] {
            var reader = BER.Reader(BER.integer(value))
            #expect(reader.readInteger() == value)
        }
        #expect(BER.octets([UInt8](repeating: 1, count: 200)).prefix(3) == [0x04, 0x81, 0xC8], "long-form length")
    }
}
