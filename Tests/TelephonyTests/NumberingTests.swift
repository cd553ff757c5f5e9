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
}
