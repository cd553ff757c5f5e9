import Domain
import EventMessages
import Testing
@testable import SNMP

/// The notification an SNMP destination gets: which of the two, and the eight `cpNotify…`
/// objects in the order the MIB's NOTIFICATION-TYPEs list them.
@Suite struct SNMPNotificationTests {
    static func delivery(_ type: String, polarity: EventPolarity, severity: EventSeverity = .critical, activeNumber: Int64?) throws -> EventMessageDelivery {
        let entry = try #require(EventCatalogue.type(key: type))
        let message = EventMessage(
            number: 17, type: type, code: entry.code, severity: severity, polarity: polarity,
            parameters: ["provider": "carrier", "account": "4711"], node: 3, at: 1_767_225_600_100_000,
            simulated: false, tables: [3], destinations: ["snmp_1"], activeNumber: activeNumber)
        return EventMessageDelivery(position: 99, message: message)
    }

    @Test("a negative message is raised with its severity, a positive one is cleared and names the message it ends")
    func raisedAndCleared() throws {
        let raised = SNMPNotification(try Self.delivery("sip_account_not_available", polarity: .negative, activeNumber: 17))
        #expect(raised.trapOID == CallplaneMIB.root + [0, 1])
        #expect(raised.varbinds.map(\.name) == (1...8).map { CallplaneMIB.objects + [8, UInt32($0), 0] })
        let code = try #require(EventCatalogue.type(key: "sip_account_not_available")).code
        #expect(
            raised.varbinds.map(\.value) == [
                .unsigned(UInt32(code)), .text("SIP account not available"), .integer(4), .text("account=4711; provider=carrier"),
                .unsigned(3), .octets([0x07, 0xEA, 1, 1, 0, 0, 0, 1, UInt8(ascii: "+"), 0, 0]), .unsigned(17), .unsigned(17),
            ])

        let cleared = SNMPNotification(try Self.delivery("sip_account_available", polarity: .positive, activeNumber: 5))
        #expect(cleared.trapOID == CallplaneMIB.root + [0, 2])
        #expect(cleared.varbinds[2].value == .integer(1), "severity cleared(1)")
        #expect(cleared.varbinds[7].value == .unsigned(5), "the active index of the message it clears")

        let unmatched = SNMPNotification(try Self.delivery("sip_account_available", polarity: .positive, activeNumber: nil))
        #expect(unmatched.varbinds[7].value == .unsigned(0), "0: no active message was cleared")
    }
}
