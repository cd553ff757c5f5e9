import Domain
import Testing

/// ``KnownTexts`` is a shortcut of the payload reader: whatever the set holds, a string reads as
/// the same text it would without one.
@Suite struct KnownTextsTests {
    struct Probe: Sendable, Equatable {
        var type = ""
        var names: [String] = []
        var map: [String: String] = [:]
    }

    /// Texts that share their first and last eight bytes and their length, so they land on one
    /// hash and only the bytes between tell them apart; short ones, an empty one, a long one.
    static let texts =
        ["abcdefgh_1_ijklmnop", "abcdefgh_2_ijklmnop", "abcdefgh_3_ijklmnop", "", "a", "ip_phone", "sip_account_not_available"]
        + (0..<200).map { "type_\($0)" }
    static let known = KnownTexts(texts)
    static let probe = PayloadFields<Probe>(
        blank: Probe(),
        [.string("type", \.type, known: known), .strings("names", \.names, known: known), .stringMap("map", \.map, knownKeys: known)])

    @Test("every text of the set, and texts near them, read as themselves")
    func readsEveryText() throws {
        let near = ["abcdefgh_4_ijklmnop", "abcdefgh_1_ijklmno", "type_200", "ip_phon", "ip_phone_", "b", "Sip_account_not_available"]
        for text in Self.texts + near {
            let record = Probe(type: text, names: [text, "x", text], map: [text: text, "zz": "1"])
            #expect(try Self.probe.decode(Self.probe.canonical(record)) == record, "\(text.debugDescription)")
        }
    }

    @Test("an escaped or non-ASCII text is read through the ordinary path")
    func escapedAndUnicode() throws {
        let record = try Self.probe.decode(#"{"map":{"a\u0062":"é"},"names":["ip_p\u0068one","日本"],"type":"type_\u0031"}"#)
        #expect(record == Probe(type: "type_1", names: ["ip_phone", "日本"], map: ["ab": "é"]))
    }

    @Test("a repeated key in a map of known keys is still refused")
    func repeatedKnownKey() {
        #expect(throws: PayloadError.self) { try Self.probe.decode(#"{"map":{"a":"1","a":"2"},"names":[],"type":""}"#) }
    }
}
