import Domain
import Testing

@Suite("User rules")
struct UserRulesTests {
    static let numberRule = "1 to 10 digits 0-9"
    static let nameRule = "1 to 64 characters, not blank, no control characters"
    static let emailRule = "a plausible address local@domain.tld, at most 254 characters"

    static func user(number: String = "101", name: String = "Anna", email: String? = nil, language: String = "en") -> Command {
        .createUser(User(number: number, name: name, email: email, language: language))
    }

    static let refused: [RefusalCase] = [
        RefusalCase(command: user(number: ""), field: "number", rule: numberRule, label: "empty number"),
        RefusalCase(command: user(number: "12345678901"), field: "number", rule: numberRule, label: "11 digits"),
        RefusalCase(command: user(number: "10a"), field: "number", rule: numberRule, label: "letter"),
        RefusalCase(command: user(number: "*77"), field: "number", rule: numberRule, label: "star"),
        RefusalCase(command: user(number: "١٢"), field: "number", rule: numberRule, label: "non-ASCII digits"),
        RefusalCase(command: user(name: ""), field: "name", rule: nameRule, label: "empty name"),
        RefusalCase(command: user(name: "   "), field: "name", rule: nameRule, label: "blank name"),
        RefusalCase(command: user(name: String(repeating: "x", count: 65)), field: "name", rule: nameRule, label: "65 characters"),
        RefusalCase(command: user(name: "A\nB"), field: "name", rule: nameRule, label: "newline"),
        RefusalCase(command: user(name: "A\u{7F}"), field: "name", rule: nameRule, label: "DEL"),
        RefusalCase(command: user(email: ""), field: "email", rule: emailRule, label: "empty email"),
        RefusalCase(command: user(email: "anna"), field: "email", rule: emailRule, label: "no at"),
        RefusalCase(command: user(email: "anna@example"), field: "email", rule: emailRule, label: "no tld"),
        RefusalCase(command: user(email: "a@b@example.com"), field: "email", rule: emailRule, label: "two ats"),
        RefusalCase(command: user(email: ".anna@example.com"), field: "email", rule: emailRule, label: "leading dot"),
        RefusalCase(command: user(email: "an..na@example.com"), field: "email", rule: emailRule, label: "double dot"),
        RefusalCase(command: user(email: "anna@-example.com"), field: "email", rule: emailRule, label: "label hyphen"),
        RefusalCase(command: user(email: "anna@example.c0m"), field: "email", rule: emailRule, label: "digit tld"),
        RefusalCase(command: user(email: "an na@example.com"), field: "email", rule: emailRule, label: "space"),
        RefusalCase(
            command: user(
                email: String(repeating: "a", count: 64) + "@" + String(repeating: "b", count: 63) + "."
                    + String(repeating: "c", count: 63) + "." + String(repeating: "d", count: 59) + ".ch"),
            field: "email", rule: emailRule, label: "255 characters"),
        RefusalCase(command: user(language: "xx"), field: "language", rule: "", label: "unknown language"),
        RefusalCase(command: user(language: "eng"), field: "language", rule: "", label: "639-2 code"),
        RefusalCase(command: user(language: ""), field: "language", rule: "", label: "empty language"),
    ]

    @Test("each field rule refuses with its field and rule text", arguments: refused)
    func refusesField(_ test: RefusalCase) throws {
        let error = try #require(refusal(test.command, in: SystemState()))
        #expect(error.kind == .validation)
        #expect(error.code == "invalid_field")
        #expect(error.details["field"] == test.field)
        if test.rule.isEmpty {
            #expect(error.details["rule"]?.hasPrefix("an ISO 639-1 code from the supported set: ") == true)
        } else {
            #expect(error.details["rule"] == test.rule)
        }
    }

    @Test("boundary values are accepted")
    func acceptsBoundaries() throws {
        var state = SystemState()
        try run(Self.user(number: "1", name: "A"), on: &state)
        try run(Self.user(number: "1234567890", name: String(repeating: "é", count: 64)), on: &state)
        let longest =
            String(repeating: "a", count: 64) + "@" + String(repeating: "b", count: 63) + "."
            + String(repeating: "c", count: 63) + "." + String(repeating: "d", count: 58) + ".ch"
        #expect(longest.utf8.count == 254)
        try run(Self.user(number: "2", email: longest), on: &state)
        try run(Self.user(number: "3", email: "first.last+tag@mail.example-corp.co.uk"), on: &state)
        #expect(state.users.count == 4)
    }

    @Test("the documented languages are accepted and normalised to lower case")
    func languages() throws {
        var state = SystemState()
        let required = ["en", "de", "fr", "it", "es", "nl", "pt", "da", "sv", "nb", "fi", "cs", "pl", "tr", "hu", "sl", "hr", "ru", "zh"]
        for (index, code) in required.enumerated() {
            try run(Self.user(number: String(200 + index), language: code), on: &state)
        }
        try run(Self.user(number: "999", language: "DE"), on: &state)
        #expect(state.user("999")?.language == "de")
    }

    @Test("creating an existing number is a conflict")
    func exists() throws {
        var state = SystemState()
        try run(Self.user(), on: &state)
        let error = try #require(refusal(Self.user(name: "Other"), in: state))
        #expect(error.kind == .conflict)
        #expect(error.code == "user_exists")
    }

    @Test("updating or deleting a missing user is not found")
    func missing() throws {
        let update = try #require(refusal(.updateUser(number: "404", UserPatch(name: "X")), in: SystemState()))
        #expect(update.kind == .notFound)
        #expect(update.code == "user_not_found")
        let delete = try #require(refusal(.deleteUser(number: "404"), in: SystemState()))
        #expect(delete.kind == .notFound)
        #expect(delete.details["id"] == "404")
    }

    @Test("an update with the stored values decides no events; a real change decides one")
    func unchangedUpdate() throws {
        var state = SystemState()
        try run(Self.user(email: "a@example.com", language: "fr"), on: &state)
        #expect(
            try state.decide(
                .updateUser(number: "101", UserPatch(name: "Anna", email: "a@example.com", language: "FR")),
                sealing: testSealing
            ).isEmpty)
        let events = try state.decide(.updateUser(number: "101", UserPatch(name: "Anna B", email: .some(nil), language: "fr")), sealing: testSealing)
        #expect(events == [.userUpdated(User(number: "101", name: "Anna B", email: nil, language: "fr"))])
    }

    @Test("a patch changes what it names and keeps the rest; a null e-mail clears it")
    func patchSemantics() throws {
        var state = SystemState()
        try run(Self.user(email: "a@example.com", language: "fr"), on: &state)
        try run(.updateUser(number: "101", UserPatch(name: "Anna B")), on: &state)
        #expect(state.users["101"] == User(number: "101", name: "Anna B", email: "a@example.com", language: "fr"))
        try run(.updateUser(number: "101", UserPatch(language: "de")), on: &state)
        #expect(state.users["101"] == User(number: "101", name: "Anna B", email: "a@example.com", language: "de"))
        try run(.updateUser(number: "101", UserPatch(email: .some(nil))), on: &state)
        #expect(state.users["101"]?.email == nil)
        #expect(refusal(.updateUser(number: "101", UserPatch(name: "")), in: state) != nil, "the merged user is checked like a new one")
    }

    @Test("the 1,201st user is refused naming the users limit and 1200")
    func userCapacity() throws {
        var state = SystemState()
        for n in 0..<1200 {
            try run(Self.user(number: String(1000 + n), name: "User \(n)"), on: &state)
        }
        #expect(state.usage(of: .users) == 1200)
        let error = try #require(refusal(Self.user(number: "9999"), in: state))
        #expect(error.kind == .capacityExceeded)
        #expect(error.code == "capacity_exceeded")
        #expect(error.details["limit"] == "users")
        #expect(error.details["max"] == "1200")
        #expect(error.message.contains("capacity_exceeded(users, max: 1200)"))
        // Freeing one place lets the next one in.
        try run(.deleteUser(number: "1000"), on: &state)
        try run(Self.user(number: "9999"), on: &state)
        #expect(state.users.count == 1200)
    }

    @Test("deleting a user with terminals is refused naming the terminals")
    func deleteWithTerminals() throws {
        var state = SystemState()
        try run(Self.user(), on: &state)
        try run(.createTerminal(TerminalDraft(kind: .systemSIP, registrationName: "a", password: "password1", userNumber: "101")), on: &state)
        try run(.createTerminal(TerminalDraft(kind: .standardSIP, registrationName: "b", password: "password1")), on: &state)
        try run(.createTerminal(TerminalDraft(kind: .standardSIP, registrationName: "c", password: "password1", userNumber: "101")), on: &state)
        let error = try #require(refusal(.deleteUser(number: "101"), in: state))
        #expect(error.kind == .conflict)
        #expect(error.code == "user_has_terminals")
        #expect(error.details["terminals"] == "1,3")
        #expect(error.message.contains("1,3"))

        try run(.updateTerminal(id: 1, TerminalPatch(userNumber: .some(nil))), on: &state)
        try run(.deleteTerminal(id: 3), on: &state)
        #expect(try run(.deleteUser(number: "101"), on: &state) == [.userDeleted(number: "101")])
        #expect(state.user("101") == nil)
    }
}
