import Domain
import EventLog
import Testing

/// The SNMP destinations' receivers in the domain (manual §6.3.1.3): the rules named in errors,
/// secrets sealed in the payload, an unchanged receiver not logged again, replay to the same
/// state; and the active number an occurrence carries so a clear can name its raise.
@Suite struct SNMPDestinationRulesTests {
    static let user = SNMPUserDraft(name: "nms", authPassphrase: "auth-pass-1", privPassphrase: "priv-pass-1")

    static func configure(_ receiver: SNMPNotificationDraft?, id: String = "snmp_1", enabled: Bool = true) -> Command {
        let draft: (any DestinationSettingsDraft)? = receiver
        return .configureDestination(id: id, SignalDestinationChange(enabled: enabled, settings: .some(draft)))
    }

    @Test(
        "refusals name their rule or limit",
        arguments: [
            (configure(SNMPNotificationDraft(host: "10.0.0.9", notification: .trap, user: user)), "informs"),
            (configure(SNMPNotificationDraft(host: "10.0.0.9", notification: .inform, community: "c", user: user)), "not both"),
            (configure(SNMPNotificationDraft(host: "10.0.0.9", notification: .inform)), "not neither"),
            (configure(SNMPNotificationDraft(host: "10.0.0.9", port: 0, notification: .trap, community: "c")), "port"),
            (configure(SNMPNotificationDraft(host: "bad host", notification: .trap, community: "c")), "host name or IP address"),
            (configure(SNMPNotificationDraft(host: "10.0.0.9", notification: .trap, community: "has space")), "printable ASCII"),
            (
                configure(
                    SNMPNotificationDraft(
                        host: "10.0.0.9", notification: .inform,
                        user: SNMPUserDraft(name: "nms", authPassphrase: "short", privPassphrase: "priv-pass-1"))), "snmp_passphrase_length"
            ),
            (
                configure(SNMPNotificationDraft(host: "10.0.0.9", notification: .trap, community: "c"), id: "local_1"),
                "only snmp destinations take snmp settings"
            ),
            (Command.configureDestination(id: "snmp_1", SignalDestinationChange(enabled: true)), "SNMP receiver"),
            (Command.configureDestination(id: "snmp_1", SignalDestinationChange(settings: EmailRecipient("nms@example.com"))), "take address settings"),
        ])
    func refusals(command: Command, named: String) {
        expectRefusal(command, naming: named)
    }

    @Test("secrets are sealed in the payload, replay gives the same state, and the same receiver again logs nothing")
    func sealedAndReplayed() throws {
        var state = SystemState()
        let inform = SNMPNotificationDraft(host: "10.0.0.9", port: 10162, notification: .inform, user: Self.user)
        var events = try run(Self.configure(inform), on: &state)
        events += try run(Self.configure(SNMPNotificationDraft(host: "::1", notification: .trap, community: "trap-community"), id: "snmp_2"), on: &state)
        for event in events {
            let payload = event.canonicalPayload()
            for secret in ["auth-pass-1", "priv-pass-1", "trap-community"] { #expect(!payload.contains(secret)) }
        }
        let receiver = try #require(state.eventMessages.destinations["snmp_1"]?.settings(SNMPNotificationSettings.self))
        #expect(receiver.host == "10.0.0.9" && receiver.port == 10162 && receiver.notification == .inform && receiver.community == nil)
        #expect(try testSealing.open(try #require(receiver.user).authPassphrase) == "auth-pass-1")
        #expect(state.eventMessages.destinations["snmp_1"]?.enabled == true)
        #expect(
            state.eventMessages.destinations["snmp_2"]?.settings(SNMPNotificationSettings.self)?.port == 162, "the notification port unless another is given")

        try expectReplay(events, gives: state)

        #expect(try state.decide(Self.configure(inform), sealing: testSealing).isEmpty)
        var other = inform
        other.user?.privPassphrase = "priv-pass-2"
        #expect(try state.decide(Self.configure(other), sealing: testSealing).count == 1)
        // Switched off and its receiver removed: it cannot be on without one.
        _ = try run(Self.configure(nil, enabled: false), on: &state)
        #expect(state.eventMessages.destinations["snmp_1"]?.settings == nil)
    }

    @Test("an occurrence names the active message it opens, repeats or clears")
    func activeNumbers() throws {
        var state = SystemState()
        func raise(_ type: String, _ parameters: [String: String], target: String? = nil) throws -> EventMessage {
            let events = try run(
                .raiseEventMessage(EventMessageRequest(type: type, parameters: parameters, at: 1_767_225_600_000_000, target: target)), on: &state)
            guard case .eventMessageOccurred(let message)? = events.last else { throw DomainError.invalid(field: "test", rule: "no occurrence") }
            return message
        }
        let account = ["provider": "carrier", "account": "4711"]
        let opened = try raise("sip_account_not_available", account.merging(["cause": "1"]) { $1 })
        #expect(opened.activeNumber == opened.number)
        let repeated = try raise("sip_account_not_available", account.merging(["cause": "0"]) { $1 })
        #expect(repeated.activeNumber == opened.number, "a repeat lands in the open message")
        let other = try raise("sip_account_not_available", ["provider": "carrier", "account": "4712", "cause": "1"])
        #expect(other.activeNumber == other.number)
        let cleared = try raise("sip_account_available", account)
        #expect(cleared.activeNumber == opened.number)
        let unmatched = try raise("sip_account_available", account)
        #expect(unmatched.activeNumber == nil, "nothing left to clear")
        let test = try raise("test_event_message", [:], target: "event_log")
        #expect(test.activeNumber == nil)

        // It survives the payload and replay.
        let payload = DomainEvent.eventMessageOccurred(cleared).canonicalPayload()
        #expect(payload.contains("\"activeNumber\":\(opened.number)"))
        let decoded = try DomainEvent.decode(type: "eventmessage.occurred", schema: 1, payload: payload)
        #expect(decoded == .eventMessageOccurred(cleared))
    }
}
