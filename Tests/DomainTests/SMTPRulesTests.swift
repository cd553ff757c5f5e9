import Domain
import Testing

/// Issue 17, points 1 and 2, the configuration half: the SMTP server's rules, its sealed
/// password, e-mail destinations that must name a mailbox, and the e-mail outcome messages that
/// never go to an e-mail destination.
@Suite struct SMTPRulesTests {
    static let server = SMTPServerDraft(
        host: "mail.example.com", security: .starttls, authentication: .plain, user: "pbx", password: "mail-pass", sender: "pbx@example.com")

    @Test("the server is stored with its default port and the password sealed; the same again, password included, changes nothing")
    func storesAndSeals() throws {
        var state = SystemState()
        let events = try run(.setSMTPServer(Self.server), on: &state)
        guard case .smtpServerSet(let settings)? = events.first else {
            Issue.record("no email.smtp.set: \(events)")
            return
        }
        #expect(events.first?.stream == "smtp" && events.first?.type == "email.smtp.set")
        #expect(settings.port == 587 && settings.user == "pbx" && settings.password != nil)
        #expect(settings.password.map { (try? testSealing.open($0)) == "mail-pass" } == true)
        #expect(!(try events.first!.canonicalPayload()).contains("mail-pass"), "the payload holds the sealed form only")
        #expect(try run(.setSMTPServer(Self.server), on: &state).isEmpty)
        // No password keeps the stored one; a new sender is a change.
        var kept = Self.server
        kept.password = nil
        kept.sender = "alarms@example.com"
        let changed = try run(.setSMTPServer(kept), on: &state)
        #expect(changed.count == 1 && state.smtpServer?.password == settings.password && state.smtpServer?.sender == "alarms@example.com")
        try expectReplay(events + changed, gives: state)
        #expect(SMTPSecurity.tls.defaultPort == 465 && SMTPSecurity.none.defaultPort == 25)
    }

    @Test("refusals name their rule")
    func refusals() {
        func draft(_ change: (inout SMTPServerDraft) -> Void) -> Command {
            var draft = Self.server
            change(&draft)
            return .setSMTPServer(draft)
        }
        expectRefusal(draft { $0.host = "bad host" }, naming: "host name")
        expectRefusal(draft { $0.port = 0 }, naming: "port")
        expectRefusal(draft { $0.sender = "not-an-address" }, naming: "local@domain.tld")
        expectRefusal(draft { $0.security = .none }, naming: "must not cross the network in clear")
        expectRefusal(draft { $0.user = nil }, naming: "required with authentication")
        expectRefusal(draft { $0.password = nil }, naming: "required with authentication the first time")
        expectRefusal(draft { $0.authentication = .none }, naming: "only with an authentication mechanism")
        expectRefusal(draft { $0.caFile = "relative.pem" }, naming: "absolute file path")
        expectRefusal(
            .setSMTPServer(SMTPServerDraft(host: "relay.lan", security: .none, sender: "pbx@example.com", caFile: "/etc/ca.pem")),
            naming: "starttls or tls only")
        #expect(refusal(.setSMTPServer(SMTPServerDraft(host: "relay.lan", security: .none, sender: "pbx@example.com")), in: SystemState()) == nil)
    }

    @Test("an e-mail destination must name a mailbox; SRM takes no settings, ATAS takes its cycle interval")
    func recipients() {
        expectRefusal(.configureDestination(id: "email_1", SignalDestinationChange(settings: EmailRecipient("ops"))), naming: "local@domain.tld")
        expectRefusal(.configureDestination(id: "email_1", SignalDestinationChange(settings: ATASSettings())), naming: "only atas")
        #expect(refusal(.configureDestination(id: "email_1", SignalDestinationChange(settings: EmailRecipient("ops@example.com"))), in: SystemState()) == nil)
        expectRefusal(.configureDestination(id: "srm", SignalDestinationChange(settings: EmailRecipient("ops@example.com"))), naming: "only email")
        expectRefusal(.configureDestination(id: "atas", SignalDestinationChange(settings: EmailRecipient("ops@example.com"))), naming: "only email")
        #expect(refusal(.configureDestination(id: "atas", SignalDestinationChange(settings: ATASSettings(cycleSeconds: 5))), in: SystemState()) == nil)
        expectRefusal(.configureDestination(id: "atas", SignalDestinationChange(settings: ATASSettings(cycleSeconds: 4))), naming: "atas_cycle_seconds")
        expectRefusal(.configureDestination(id: "atas", SignalDestinationChange(settings: ATASSettings(cycleSeconds: 301))), naming: "atas_cycle_seconds")
    }

    @Test("'Send e-mail failed' and its partner go to the other destinations, never to an e-mail one")
    func noLoops() throws {
        var state = SystemState()
        try run(.configureDestination(id: "email_1", SignalDestinationChange(enabled: true, table: 1, settings: EmailRecipient("ops@example.com"))), on: &state)
        try run(
            .configureDestination(
                id: "local_1", SignalDestinationChange(enabled: true, table: 1, settings: SyslogSettings(transport: .udp, host: "127.0.0.1", port: 5514))),
            on: &state)
        try run(.switchDestinationKind(.email, on: true), on: &state)
        try run(
            .setEventFilters(
                table: 1, filters: [EventCatalogue.Key.sendEmailFailed: .every, EventCatalogue.Key.emailSuccessfullySent: .every, "fan_failure": .every]),
            on: &state)
        func destinations(of type: String, _ parameters: [String: String]) throws -> [String] {
            let events = try run(.raiseEventMessage(EventMessageRequest(type: type, parameters: parameters, at: 1_767_225_600_000_000)), on: &state)
            guard case .eventMessageOccurred(let message)? = events.first else {
                Issue.record("\(type) did not occur: \(events)")
                return []
            }
            return message.destinations.filter { $0 == "local_1" || $0 == "email_1" }
        }
        let normal = try destinations(of: "fan_failure", ["fanStatus": "1"])
        #expect(Set(normal) == ["local_1", "email_1"], "\(normal)")
        let failed = try destinations(of: EventCatalogue.Key.sendEmailFailed, ["causeAction": "0301", "emailClient": "4", "additionalInfo": ""])
        #expect(failed == ["local_1"], "\(failed)")
        let sent = try destinations(of: EventCatalogue.Key.emailSuccessfullySent, ["causeAction": "0000", "emailClient": "4", "additionalInfo": ""])
        #expect(sent == ["local_1"], "\(sent)")
    }
}
