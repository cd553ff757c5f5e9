import Domain
import EventLog
import EventMessages
import Testing
@testable import Connectors

@Suite struct SyslogMessageFormatTests {
    let format = SyslogMessageFormat(facility: 16, hostname: "pbx-1")

    @Test func lineCarriesEveryFieldInRFC5424Order() {
        let line = format.line(
            for: delivery(
                position: 812, number: 45, type: "sip_account_not_available", code: 7, severity: .critical,
                polarity: .negative, parameters: ["provider": "Carrier \"A\"", "account": #"a\b]c"#], node: 2,
                at: epoch + 123_456, simulated: true))
        #expect(
            line == #"<130>1 2026-01-01T00:00:00.123456Z pbx-1 callplane - EM007 "#
                + #"[callplane@32473 position="812" number="45" type="sip_account_not_available" code="7" "#
                + #"severity="critical" polarity="negative" node="2" simulated="true"]"#
                + #"[params@32473 account="a\\b\]c" provider="Carrier \"A\""] "#
                + (EventCatalogue.type(key: "sip_account_not_available")?.name ?? "sip_account_not_available"))
    }

    @Test(arguments: [(EventSeverity.critical, 2), (.serious, 4), (.normal, 5)])
    func priorityIsFacilityTimesEightPlusSeverity(severity: EventSeverity, syslogSeverity: Int) {
        #expect(SyslogMessageFormat.syslogSeverity(severity) == syslogSeverity)
        #expect(format.line(for: delivery(severity: severity)).hasPrefix("<\(16 * 8 + syslogSeverity)>1 "))
        #expect(
            SyslogMessageFormat(facility: 0, hostname: "h").line(for: delivery(severity: severity))
                .hasPrefix("<\(syslogSeverity)>1 "))
    }

    @Test func facilityOutsideTheRangeIsClamped() {
        #expect(SyslogMessageFormat(facility: 40, hostname: "h").line(for: delivery()).hasPrefix("<189>1 "))
        #expect(SyslogMessageFormat(facility: -1, hostname: "h").line(for: delivery()).hasPrefix("<5>1 "))
    }

    @Test func paramsElementIsLeftOutWithoutParameters() {
        let line = format.line(for: delivery(simulated: false))
        #expect(!line.contains("params@"))
        #expect(line.hasSuffix(#"simulated="false"] "# + (EventCatalogue.type(key: "test_event_message")?.name ?? "test_event_message")))
    }

    @Test func parameterKeysAreSortedAndValuesEscaped() {
        let line = format.line(for: delivery(parameters: ["b": "]", "a": "\"", "c": "\\", "d": "Empfang ☎ ok"]))
        #expect(line.contains(#"[params@32473 a="\"" b="\]" c="\\" d="Empfang ☎ ok"]"#))
    }

    @Test func messageIDHasAtLeastThreeDigits() {
        #expect(SyslogMessageFormat.messageID(code: 7) == "EM007")
        #expect(SyslogMessageFormat.messageID(code: 45) == "EM045")
        #expect(SyslogMessageFormat.messageID(code: 1234) == "EM1234")
        #expect(format.line(for: delivery(code: 123)).contains(" callplane - EM123 [callplane@32473 "))
    }

    @Test func messageIsTheCatalogueNameOrElseTheTypeKey() {
        let known = EventCatalogue.all.first
        let key = known?.key ?? "no_such_type"
        let line = format.line(for: delivery(type: key))
        #expect(line.hasSuffix("] " + (known?.name ?? key)))
        #expect(format.line(for: delivery(type: "not_in_the_catalogue")).hasSuffix("] not_in_the_catalogue"))
    }

    @Test func hostnameIsPrintableASCIIOrNil() {
        #expect(SyslogMessageFormat(facility: 16, hostname: "my pbx☎").hostname == "my_pbx_")
        #expect(SyslogMessageFormat(facility: 16, hostname: "").hostname == "-")
        #expect(SyslogMessageFormat(facility: 16, hostname: String(repeating: "h", count: 300)).hostname.count == 255)
    }

    @Test(arguments: [
        (Int64(0), "1970-01-01T00:00:00.000000Z"),
        (epoch, "2026-01-01T00:00:00.000000Z"),
        (epoch + 1, "2026-01-01T00:00:00.000001Z"),
        (1_709_251_199_999_999, "2024-02-29T23:59:59.999999Z"),
        (951_782_400_000_000, "2000-02-29T00:00:00.000000Z"),
        (-1, "1969-12-31T23:59:59.999999Z"),
        (253_402_300_799_000_000, "9999-12-31T23:59:59.000000Z"),
    ])
    func timestampIsRFC3339WithMicroseconds(microseconds: Int64, text: String) {
        #expect(RFC3339Timestamp.string(microsecondsSinceEpoch: microseconds) == text)
    }

    @Test func octetCountingCountsUTF8Octets() {
        #expect(SyslogMessageFormat.octetCounted("abc") == "3 abc")
        #expect(SyslogMessageFormat.octetCounted("☎") == "3 ☎")
        let line = format.line(for: delivery(parameters: ["name": "Zoë ☎"]))
        let framed = SyslogMessageFormat.octetCounted(line)
        #expect(framed == "\(line.utf8.count) \(line)")
        #expect(octetCountedFrames(Array(framed.utf8)) == [line])
    }
}
