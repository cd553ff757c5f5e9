import Domain
import EventLog
import Testing

/// Destination settings as one nested object (issue 12, point 4): schema-1 payloads, with the
/// settings as flat prefixed keys, still replay into the same destinations; new events are
/// written in schema 2.
@Suite struct DestinationSettingsTests {
    static let schema1: [(payload: String, expected: SignalDestination)] = [
        (
            #"{"enabled":true,"id":"local_1","kind":"local","syslogCaFile":"/ca.pem","syslogFacility":4,"syslogHost":"logs.example","syslogPort":6514,"syslogTransport":"tls","table":3}"#,
            SignalDestination(
                id: "local_1", kind: .local, enabled: true, table: 3,
                settings: DestinationSettingsObject(SyslogSettings(transport: .tls, host: "logs.example", port: 6514, facility: 4, caFile: "/ca.pem")))
        ),
        (
            #"{"enabled":true,"id":"external","kind":"external","table":2,"webhookAlternativeUrl":"https://b.example/h","webhookPrimaryUrl":"https://a.example/h","webhookSecret":"v1:stub1"}"#,
            SignalDestination(
                id: "external", kind: .external, enabled: true, table: 2,
                settings: DestinationSettingsObject(
                    WebhookSettings(primaryURL: "https://a.example/h", alternativeURL: "https://b.example/h", secret: SealedSecret(text: "v1:stub1"))))
        ),
        (
            #"{"enabled":true,"id":"snmp_1","kind":"snmp","snmpAuthPassphrase":"v1:a","snmpHost":"10.0.0.9","snmpNotification":"inform","snmpPort":10162,"snmpPrivPassphrase":"v1:p","snmpUser":"nms","table":3}"#,
            SignalDestination(
                id: "snmp_1", kind: .snmp, enabled: true, table: 3,
                settings: DestinationSettingsObject(
                    SNMPNotificationSettings(
                        host: "10.0.0.9", port: 10162, notification: .inform,
                        user: SNMPUser(name: "nms", authPassphrase: SealedSecret(text: "v1:a"), privPassphrase: SealedSecret(text: "v1:p")))))
        ),
        (
            #"{"enabled":true,"id":"snmp_2","kind":"snmp","snmpCommunity":"v1:c","snmpHost":"::1","snmpNotification":"trap","snmpPort":162,"table":3}"#,
            SignalDestination(
                id: "snmp_2", kind: .snmp, enabled: true, table: 3,
                settings: DestinationSettingsObject(SNMPNotificationSettings(host: "::1", notification: .trap, community: SealedSecret(text: "v1:c"))))
        ),
        (
            #"{"address":"noc@example.com","enabled":false,"id":"email_1","kind":"email","table":5}"#,
            SignalDestination(id: "email_1", kind: .email, enabled: false, table: 5, settings: DestinationSettingsObject(EmailRecipient("noc@example.com")))
        ),
        (
            #"{"enabled":true,"id":"system_phone_2","kind":"system_phone","messageGroup":15,"table":8}"#,
            SignalDestination(id: "system_phone_2", kind: .systemPhone, enabled: true, table: 8, messageGroup: 15)
        ),
    ]

    @Test("schema-1 payloads upcast to the destinations a schema-2 event gives, and are written back in schema 2")
    func upcast() throws {
        for (payload, expected) in Self.schema1 {
            let event = try #require(try DomainEvent.decode(type: "destination.configured", schema: 1, payload: payload))
            #expect(event == .destinationConfigured(expected))
            #expect(event.schema == 2)
            let current = event.canonicalPayload()
            #expect(try DomainEvent.decode(type: "destination.configured", schema: 2, payload: current) == event)
            if let settings = expected.settings {
                #expect(current.contains(#""settings":{"\#(settings.name)":\#(settings.canonical)}"#))
            }
        }
    }

    @Test("a schema this build does not know is refused, not guessed")
    func unknownSchema() {
        #expect(throws: EventDecodingError.self) {
            try DomainEvent.decode(type: "destination.configured", schema: 3, payload: Self.schema1[0].payload)
        }
    }

    @Test(
        "settings that are not one object of one kind are refused",
        arguments: [
            #"{"enabled":true,"id":"local_1","kind":"local","settings":{},"table":3}"#,
            #"{"enabled":true,"id":"local_1","kind":"local","settings":{"syslog":"udp"},"table":3}"#,
            #"{"enabled":true,"id":"local_1","kind":"local","settings":{"syslog":{},"webhook":{}},"table":3}"#,
        ])
    func malformedSettings(payload: String) {
        #expect(throws: EventDecodingError.self) { try DomainEvent.decode(type: "destination.configured", schema: 2, payload: payload) }
    }

    @Test("typed settings read back only as their own type")
    func typedAccess() throws {
        let syslog = SyslogSettings(transport: .udp, host: "127.0.0.1", port: 514)
        let destination = SignalDestination(id: "local_1", kind: .local, enabled: true, table: 3, settings: DestinationSettingsObject(syslog))
        #expect(destination.settings(SyslogSettings.self) == syslog)
        #expect(destination.settings(WebhookSettings.self) == nil)
        #expect(throws: PayloadError.self) { try destination.settings?.decode(as: WebhookSettings.self) }
    }
}
