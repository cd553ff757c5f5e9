import Testing

@testable import SNMP

/// Issue 13, point 9: the engine ID's text is the system id, within RFC 3411's 32 octets.
@Suite struct EngineIDTests {
    @Test("a generated system id is the engine ID's text as it is")
    func generated() {
        #expect(EmbeddedSNMPAgent.engineLine("CP-0123456789abcdef01234567") == "engineID CP-0123456789abcdef01234567")
    }

    @Test("a longer id keeps its start and a digest of the whole, so two long ids still differ")
    func long() {
        let first = EmbeddedSNMPAgent.engineText("Headquarters-Zurich-Building-A")
        let second = EmbeddedSNMPAgent.engineText("Headquarters-Zurich-Building-B")
        #expect(first.utf8.count == 27 && second.utf8.count == 27)
        #expect(first.hasPrefix("Headquarter") && first != second)
    }

    @Test("no system id (an old log before the first start generated one) keeps the former text")
    func empty() {
        #expect(EmbeddedSNMPAgent.engineText("") == "callplane-system")
        #expect(EmbeddedSNMPAgent.engineText("a b/c") == "abc")
    }
}
