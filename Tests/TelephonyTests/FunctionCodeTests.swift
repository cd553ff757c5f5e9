import Domain
import Testing

@testable import Telephony

/// Function codes of Tab. 23 and `*77` of Tab. 24 as dialled strings, and the commands they
/// submit.
@Suite struct FunctionCodeTests {
    static let table: [(String, FunctionCode.Resolution)] = [
        ("*754", .code(.enableOneOffRemoteMaintenance)),
        ("#754", .code(.barOneOffRemoteMaintenance)),
        ("*753", .code(.enablePermanentRemoteMaintenance)),
        ("#753", .code(.barPermanentRemoteMaintenance)),
        ("*770000", .code(.userEventMessage("0000"))),
        ("*771234", .code(.userEventMessage("1234"))),
        ("*7799999", .code(.userEventMessage("99999"))),
        ("*7701234", .code(.userEventMessage("01234"))),
        ("*771", .code(.userEventMessage("1"))), ("*77123", .code(.userEventMessage("123"))),
        // Beginnings: 484 so an overlap-dialling phone sends more.
        ("*", .incomplete), ("#", .incomplete), ("*7", .incomplete), ("*75", .incomplete), ("#75", .incomplete),
        ("*77", .incomplete),
        // In the function codes' name space but no code.
        ("*7541", .unknown), ("*755", .unknown), ("#77", .unknown), ("#771234", .unknown), ("*76", .unknown),
        ("*77123456", .unknown), ("*7712a4", .unknown), ("*77१२३४", .unknown), ("**754", .unknown), ("*754#", .unknown),
        // The numbering plan's.
        ("754", .notAFunctionCode), ("101", .notAFunctionCode), ("", .notAFunctionCode), ("1*754", .notAFunctionCode),
    ]

    @Test(arguments: table) func resolves(_ dialled: String, _ expected: FunctionCode.Resolution) {
        #expect(FunctionCode.resolve(dialled) == expected)
    }

    @Test func everyCodeResolvesFromItsDialString() {
        let codes: [FunctionCode] = [
            .enableOneOffRemoteMaintenance, .barOneOffRemoteMaintenance, .enablePermanentRemoteMaintenance, .barPermanentRemoteMaintenance,
            .userEventMessage("4711"),
        ]
        for code in codes { #expect(FunctionCode.resolve(code.dialString) == .code(code)) }
    }

    /// The same command as `PUT /api/v1/remote-maintenance`.
    @Test func remoteMaintenanceCodesSetTheMode() {
        #expect(FunctionCode.enableOneOffRemoteMaintenance.command(userNumber: "101", at: 5) == .setRemoteMaintenance(.oneOff, at: 5))
        #expect(FunctionCode.enablePermanentRemoteMaintenance.command(userNumber: "101", at: 5) == .setRemoteMaintenance(.permanent, at: 5))
        #expect(FunctionCode.barOneOffRemoteMaintenance.command(userNumber: "101", at: 5) == .setRemoteMaintenance(.barred, at: 5))
        #expect(FunctionCode.barPermanentRemoteMaintenance.command(userNumber: "101", at: 5) == .setRemoteMaintenance(.barred, at: 5))
    }

    @Test func userEventMessageRaisesTheCataloguedType() throws {
        let command = FunctionCode.userEventMessage("0042").command(userNumber: "101", at: 9)
        let request = EventMessageRequest(type: "user_event_message", parameters: ["userCode": "0042", "userNumber": "101"], at: 9)
        #expect(command == .raiseEventMessage(request))
        let type = try #require(EventCatalogue.type(key: FunctionCode.userEventMessageType))
        #expect(type.name == "USER EVENT MESSAGE")
        #expect(Set(type.parameters.map(\.key)) == Set(request.parameters.keys))
    }

    /// Through `decide`: *754 enables remote maintenance and raises "Remote maintenance
    /// enabled"; *77 raises USER EVENT MESSAGE with the code and the user number.
    @Test func decideAcceptsTheCommands() throws {
        let state = SystemState()
        let sealing = try SecretBox(key: Array(repeating: 0x2A, count: 32))
        let enabled = try state.decide(FunctionCode.enableOneOffRemoteMaintenance.command(userNumber: "101", at: 1), sealing: sealing)
        #expect(enabled.first == .remoteMaintenanceSet(.oneOff))
        #expect(enabled.contains { if case .eventMessageOccurred(let message) = $0 { message.type == "remote_maintenance_enabled" } else { false } })
        let raised = try state.decide(FunctionCode.userEventMessage("4711").command(userNumber: "101", at: 1), sealing: sealing)
        let message = try #require(
            raised.lazy.compactMap { if case .eventMessageOccurred(let message) = $0 { message } else { nil } }.first)
        #expect(message.type == "user_event_message" && message.parameters == ["userCode": "4711", "userNumber": "101"])
    }
}
