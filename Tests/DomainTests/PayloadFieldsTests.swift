import Domain
import Testing

/// The declared payload tables (issue 12, point 1): reading, canonical writing and the key
/// order follow from one declaration; nothing is positional and nothing stops at 64 members.
@Suite struct PayloadFieldsTests {
    struct Probe: Sendable, Equatable {
        var name = ""
        var count = 0
        var note: String?
        var secret = SealedSecret(text: "")
        var transport = SyslogTransport.udp
    }

    /// Declared out of order on purpose: the writer sorts.
    static let probe = PayloadFields<Probe>(
        blank: Probe(),
        [.string("name", \.name), .sealed("secret", \.secret), .integer("count", \.count), .optionalString("note", \.note), .name("transport", \.transport)])

    @Test("the canonical form sorts the keys and leaves absent optionals out, and reads back equal")
    func canonicalRoundTrip() throws {
        let probe = Probe(name: "a \"b\"", count: -3, note: nil, secret: SealedSecret(text: "v1:x"), transport: .tls)
        let text = Self.probe.canonical(probe)
        #expect(text == #"{"count":-3,"name":"a \"b\"","secret":"v1:x","transport":"tls"}"#)
        #expect(try Self.probe.decode(text) == probe)
        #expect(
            try Self.probe.decode(#" { "transport":"udp", "note":null, "zzz":[1,{"a":2}], "secret":"v1:y", "name":"n", "count":1 } "#)
                == Probe(name: "n", count: 1, note: nil, secret: SealedSecret(text: "v1:y"), transport: .udp), "any order, unknown members skipped")
    }

    @Test(
        "refusals name the member",
        arguments: [
            (#"{"count":1,"name":"a","secret":"v1:x","transport":"udp","name":"b"}"#, #"duplicate key "name""#),
            (#"{"count":1,"secret":"v1:x","transport":"udp"}"#, #"missing field "name""#),
            (#"{"count":1,"name":"a","secret":"v1:x","transport":"carrier pigeon"}"#, "is not one of udp, tcp, tls"),
            (#"{"count":1.5,"name":"a","secret":"v1:x","transport":"udp"}"#, "expected an integer"),
            (#"{"count":1,"name":"a","secret":"v1:x","transport":"udp"} x"#, "unexpected data after the object"),
        ])
    func refusals(text: String, naming reason: String) {
        #expect(throws: PayloadError.self) { try Self.probe.decode(text) }
        do {
            _ = try Self.probe.decode(text)
        } catch {
            #expect(error.reason.contains(reason), "\(error.reason)")
        }
    }

    /// The positional readers kept which members they had seen in one 64-bit mask, so a 65th
    /// member's duplicate went unnoticed.
    static let wide = PayloadFields<[Int]>(
        blank: Array(repeating: 0, count: 65),
        [
            .integer("k00", \[Int].[0]),
            .integer("k01", \[Int].[1]),
            .integer("k02", \[Int].[2]),
            .integer("k03", \[Int].[3]),
            .integer("k04", \[Int].[4]),
            .integer("k05", \[Int].[5]),
            .integer("k06", \[Int].[6]),
            .integer("k07", \[Int].[7]),
            .integer("k08", \[Int].[8]),
            .integer("k09", \[Int].[9]),
            .integer("k10", \[Int].[10]),
            .integer("k11", \[Int].[11]),
            .integer("k12", \[Int].[12]),
            .integer("k13", \[Int].[13]),
            .integer("k14", \[Int].[14]),
            .integer("k15", \[Int].[15]),
            .integer("k16", \[Int].[16]),
            .integer("k17", \[Int].[17]),
            .integer("k18", \[Int].[18]),
            .integer("k19", \[Int].[19]),
            .integer("k20", \[Int].[20]),
            .integer("k21", \[Int].[21]),
            .integer("k22", \[Int].[22]),
            .integer("k23", \[Int].[23]),
            .integer("k24", \[Int].[24]),
            .integer("k25", \[Int].[25]),
            .integer("k26", \[Int].[26]),
            .integer("k27", \[Int].[27]),
            .integer("k28", \[Int].[28]),
            .integer("k29", \[Int].[29]),
            .integer("k30", \[Int].[30]),
            .integer("k31", \[Int].[31]),
            .integer("k32", \[Int].[32]),
            .integer("k33", \[Int].[33]),
            .integer("k34", \[Int].[34]),
            .integer("k35", \[Int].[35]),
            .integer("k36", \[Int].[36]),
            .integer("k37", \[Int].[37]),
            .integer("k38", \[Int].[38]),
            .integer("k39", \[Int].[39]),
            .integer("k40", \[Int].[40]),
            .integer("k41", \[Int].[41]),
            .integer("k42", \[Int].[42]),
            .integer("k43", \[Int].[43]),
            .integer("k44", \[Int].[44]),
            .integer("k45", \[Int].[45]),
            .integer("k46", \[Int].[46]),
            .integer("k47", \[Int].[47]),
            .integer("k48", \[Int].[48]),
            .integer("k49", \[Int].[49]),
            .integer("k50", \[Int].[50]),
            .integer("k51", \[Int].[51]),
            .integer("k52", \[Int].[52]),
            .integer("k53", \[Int].[53]),
            .integer("k54", \[Int].[54]),
            .integer("k55", \[Int].[55]),
            .integer("k56", \[Int].[56]),
            .integer("k57", \[Int].[57]),
            .integer("k58", \[Int].[58]),
            .integer("k59", \[Int].[59]),
            .integer("k60", \[Int].[60]),
            .integer("k61", \[Int].[61]),
            .integer("k62", \[Int].[62]),
            .integer("k63", \[Int].[63]),
            .integer("k64", \[Int].[64]),
        ])

    @Test("65 members read and write, and a repeated 65th member is refused")
    func beyondSixtyFour() throws {
        let values = Array(100..<165)
        let text = Self.wide.canonical(values)
        #expect(try Self.wide.decode(text) == values)
        let repeated = String(text.dropLast()) + #","k64":1}"#
        #expect(throws: PayloadError.self) { try Self.wide.decode(repeated) }
        let missing = text.replacingOccurrences(of: #","k64":164"#, with: "")
        #expect(throws: PayloadError.self) { try Self.wide.decode(missing) }
    }

    struct Count: Sendable, Equatable {
        var count = 0
    }

    static let count = PayloadFields<Count>(blank: Count(), [.integer("count", \.count)])

    /// The reader takes up to 18 digits without checking each step for overflow and reads a
    /// longer run again with the checks: the edges on both sides of that.
    @Test(
        "integers at the edges of Int and of the unchecked 18 digits",
        arguments: [
            ("999999999999999999", 999_999_999_999_999_999), ("-999999999999999999", -999_999_999_999_999_999),
            ("1000000000000000000", 1_000_000_000_000_000_000), ("9223372036854775807", Int.max), ("-9223372036854775808", Int.min),
            ("0", 0), ("-0", 0), ("1767235439000000", 1_767_235_439_000_000),
        ])
    func integerEdges(text: String, value: Int) throws {
        #expect(try Self.count.decode(#"{"count":\#(text)}"#) == Count(count: value))
        #expect(try Self.count.decode(#"{"count":\#(text) }"#) == Count(count: value), "followed by white space")
    }

    @Test(
        "integers out of range, or with a fraction or exponent after many digits, are refused",
        arguments: [
            ("9223372036854775808", "integer out of range"), ("-9223372036854775809", "integer out of range"),
            ("99999999999999999999", "integer out of range"), ("123456789012345678.5", "fraction or exponent"),
            ("1234567890123456789e3", "fraction or exponent"), ("12.5", "fraction or exponent"), ("00", "leading zero"),
        ])
    func integerRefusals(text: String, reason: String) {
        do {
            _ = try Self.count.decode(#"{"count":\#(text)}"#)
            Issue.record("accepted \(text)")
        } catch {
            #expect(error.reason.contains(reason), "\(error.reason)")
        }
    }
}
