import Domain
import Testing

@testable import Telephony

/// The numbering plan of internal calls with the public emergency numbers resolved first
/// (issue 15, point 6).
@Suite struct NumberingTests {
    static let sealing = try! SecretBox(key: Array(repeating: 1, count: 32))

    static func state(country: String = "DE", users: [String] = ["100", "2001"]) throws -> SystemState {
        var state = SystemState()
        var events = try state.decide(.setSystemIdentity(SystemIdentity(country: country)), sealing: Self.sealing)
        for number in users { events += try state.decide(.createUser(User(number: number, name: "U\(number)")), sealing: Self.sealing) }
        for event in events { state.apply(event) }
        return state
    }

    @Test(
        "emergency numbers, users, their beginnings, and nothing",
        arguments: [
            ("112", Numbering.Resolution.emergency("112")), ("110", .emergency("110")), ("11", .incomplete), ("100", .user(User(number: "100", name: "U100"))),
            ("20", .incomplete), ("2001", .user(User(number: "2001", name: "U2001"))), ("113", .unknown), ("9", .unknown), ("", .unknown),
            ("1a", .unknown),
        ])
    func resolve(dialled: String, expected: Numbering.Resolution) throws {
        #expect(Numbering(state: try Self.state()).resolve(dialled) == expected)
    }

    @Test("the configured list replaces the country's, and the plan reads it from the state")
    func configuredList() throws {
        var state = try Self.state()
        for event in try state.decide(.setEmergencySettings(EmergencySettings(numbers: ["19222"])), sealing: Self.sealing) { state.apply(event) }
        let plan = Numbering(state: state)
        #expect(plan.resolve("19222") == .emergency("19222"))
        #expect(plan.resolve("1922") == .incomplete)
        #expect(plan.resolve("112") == .unknown)
    }

    /// An emergency number wins over a user with the same number, which only a log older than
    /// the rule that refuses such a user can hold.
    @Test func emergencyBeforeUser() {
        let plan = Numbering(users: ["112": User(number: "112", name: "Old")], emergencyNumbers: ["112"])
        #expect(plan.resolve("112") == .emergency("112"))
    }

    @Test("with a SIP account the exchange access code selects the trunk; without one it means nothing; a user's number dialled whole wins")
    func exchangeAccessCode() throws {
        var state = try Self.state(users: ["100", "0815"])
        #expect(Numbering(state: state).resolve("0441234567") == .unknown, "no trunk yet")
        for command in [
            Command.setSIPProvider(SIPProvider(number: 1, name: "Carrier", host: "sip.carrier.example")),
            .setSIPAccount(SIPAccountDraft(number: 1, provider: 1, user: "0441234500", password: "secret")),
        ] {
            for event in try state.decide(command, sealing: Self.sealing) { state.apply(event) }
        }
        let plan = Numbering(state: state)
        #expect(plan.resolve("00441234567") == .outside("0441234567"))
        #expect(plan.resolve("0") == .incomplete, "the code alone waits for the number")
        #expect(plan.resolve("0815") == .user(User(number: "0815", name: "U0815")), "a user's number from before the code")
        #expect(plan.resolve("112") == .emergency("112"), "emergency numbers are dialled without the code")
        // Digits of other scripts (Arabic-Indic, full-width) and other numerals are not a
        // number a provider can dial, however Unicode classes them.
        for hostile in ["0\u{0663}\u{0664}\u{0665}", "0\u{FF11}\u{FF12}", "0\u{00BD}", "0\u{2167}"] {
            #expect(plan.resolve(hostile) == .unknown, "\(hostile.unicodeScalars.map { String($0.value, radix: 16) })")
        }
        #expect(throws: DomainError.self) { try state.decide(.setTrunkRouting(TrunkRouting(exchangeAccessCode: "08")), sealing: Self.sealing) }
        #expect(throws: DomainError.self) { try state.decide(.setTrunkRouting(TrunkRouting(exchangeAccessCode: "11")), sealing: Self.sealing) }
        for event in try state.decide(.setTrunkRouting(TrunkRouting(exchangeAccessCode: "9")), sealing: Self.sealing) { state.apply(event) }
        #expect(Numbering(state: state).resolve("90441234567") == .outside("0441234567"))
        #expect(Numbering(state: state).resolve("00441234567") == .unknown)
    }
}
