import Domain
import Testing

/// Tab. 25 (issue 13, point 4): "Send e-mail failed" carries a four-digit XXYY code — XX the
/// reason, YY the action — kept exactly as the manual writes it, and only codes the manual lists.
@Suite("E-mail failure codes")
struct MailFailureCodeTests {
    static let at: Int64 = 1_767_225_600_000_000

    static func raise(causeAction: String) throws -> EventMessage? {
        var state = SystemState()
        let request = EventMessageRequest(type: "send_email_failed", parameters: ["causeAction": causeAction, "emailClient": "4"], at: at)
        guard case .eventMessageOccurred(let message) = try run(.raiseEventMessage(request), on: &state).first else { return nil }
        return message
    }

    @Test("0403 stays 0403 (authentication failed during registration)")
    func keepsTheFourDigitForm() throws {
        #expect(try Self.raise(causeAction: "0403")?.parameters["causeAction"] == "0403")
        #expect(try Self.raise(causeAction: "1515")?.parameters["causeAction"] == "1515")
    }

    @Test(
        "anything but four digits with a listed reason and action is refused, naming the rule",
        arguments: [("403", "four digits XXYY"), ("9999", "reason XX 99"), ("0416", "action YY 16"), ("04a3", "four digits XXYY"), ("+403", "four digits")])
    func refusesUnknownCodes(value: String, rule: String) {
        let request = EventMessageRequest(type: "send_email_failed", parameters: ["causeAction": value, "emailClient": "4"], at: Self.at)
        let error = refusal(.raiseEventMessage(request), in: SystemState())
        #expect(error?.details["field"] == "parameters.causeAction")
        #expect(error?.message.contains(rule) == true, "\(String(describing: error))")
    }
}
