import Domain
import EventLog
import Foundation

/// A log shaped like a working installation's, for the replay and start-up figures (issue 14,
/// point 3: a log of only user events flattered replay). Made the way the server makes events —
/// commands through `decide` — so event messages carry their tables, destinations and counters:
/// of every 100 commands about 50 raise an event message (four types, so N-in-P counters and
/// active messages are busy), 25 record a login attempt, 5 confirm a message, 12 create or
/// change a user, 5 a terminal, and the rest change a destination or an event table.
///
/// Beside the commands, the telephony facts the call core appends (issue 14, point 3: "and
/// telephony facts when they exist"), on the same virtual clock of one command a second: a
/// call every 10 s (its start, answer and end) and a phone's registration refreshed every 18 s
/// (200 phones re-registering hourly) — about 26 facts in every 126 events. The configuration's
/// fold skips them; their own projections fold them.
struct RealisticLog {
    static let raised: [(String, [String: String])] = [
        ("sip_account_not_available", ["provider": "carrier", "account": "4711", "cause": "0"]),
        ("malfunction", ["errorId": "17"]),
        ("too_few_voip_channels", ["availableChannels": "0"]),
        ("ip_phone_connection_lost", ["userNumber": "201", "terminalId": "7"]),
    ]
    /// The key the bench writes as the data directory's `secret.key` too, so a server started on the
    /// file opens its secrets and accepts its snapshots.
    static let key = [UInt8](repeating: 1, count: 32)
    static let sealing = try! SecretBox(key: key)

    private(set) var state = SystemState()
    private var step = 0
    /// Virtual time, one second per command, so counters' periods roll over.
    private var now: Int64 = 1_767_225_600_000_000

    /// The commands that set an installation up: access control, accounts, destinations of
    /// every kind that has settings, custom rows in the tables.
    mutating func setUp() throws -> [DomainEvent] {
        var events: [DomainEvent] = []
        let commands: [Command] = [
            .bootstrapAccessControl(adminPasswordHash: "$scrypt$bench"),
            .createAccount(AccountDraft(name: "Night Clerk", profile: "administrator", password: "Clerk-Pass1", passwordHash: "$scrypt$clerk")),
            .configureDestination(
                id: "local_1", SignalDestinationChange(enabled: true, settings: SyslogSettings(transport: .tcp, host: "127.0.0.1", port: 6514))),
            .configureDestination(
                id: "external",
                SignalDestinationChange(enabled: true, settings: WebhookDraft(primaryURL: "https://127.0.0.1:8443/hook", secret: "0123456789abcdef"))),
            .configureDestination(
                id: "snmp_1", SignalDestinationChange(enabled: true, settings: SNMPNotificationDraft(host: "10.0.0.9", notification: .trap, community: "traps"))
            ),
            .setEventFilters(
                table: 3, filters: ["malfunction": .custom(frequency: 3, periodHours: 1), "too_few_voip_channels": .custom(frequency: 5, periodHours: 2)]),
            .setEventFilters(table: 2, filters: ["ip_phone_connection_lost": .custom(frequency: 2, periodHours: 1)]),
        ]
        for command in commands { events += try apply(command) }
        return events
    }

    /// Appends `events` events of the mix to `log` in batches of 1,000, calling `after` with the
    /// count appended after each batch (the replay bench saves its snapshot from there).
    static func fill(_ log: EventLog, events: Int, after: (Int) async throws -> Void = { _ in }) async throws {
        var generator = RealisticLog()
        var pending = try generator.setUp().map { $0.proposed(actor: "bench", source: "127.0.0.1/bench") }
        var appended = 0
        while appended < events {
            while pending.count < 1_000 {
                pending += try generator.next().map { $0.proposed(actor: "bench", source: "127.0.0.1/bench") }
                pending += generator.facts()
            }
            let batch = Array(pending.prefix(min(1_000, events - appended)))
            pending.removeFirst(batch.count)
            _ = try await log.append(AppendRequest(events: batch))
            appended += batch.count
            try await after(appended)
        }
    }

    /// The next command's events (one or more: a raise may add "too many event messages").
    mutating func next() throws -> [DomainEvent] {
        step += 1
        now += 1_000_000
        let slot = step % 100
        let command: Command
        switch slot {
        case 0..<50:
            let (type, parameters) = Self.raised[step % Self.raised.count]
            command = .raiseEventMessage(EventMessageRequest(type: type, parameters: parameters, at: now))
        case 50..<75:
            command = .recordAccess(
                AccessAttempt(
                    account: step % 3 == 0 ? "night clerk" : "admin", at: now, source: "192.168.1.\(step % 200)", interface: "webadmin",
                    outcome: step % 5 == 0 ? .wrongPassword : .ok))
        case 75..<80:
            if let active = state.eventMessages.active.values.min(by: { $0.number < $1.number }) {
                command = .confirmEventMessage(number: active.number, at: now)
            } else {
                command = .raiseEventMessage(EventMessageRequest(type: "malfunction", parameters: ["errorId": "18"], at: now))
            }
        case 80..<92:
            // From 1000 up: no public emergency number (112 among them) can be a user's.
            let number = String(1_000 + step % 1_200)
            command =
                state.users[number] == nil
                ? .createUser(User(number: number, name: "User \(number)", email: "u\(number)@example.com", language: "en"))
                : .updateUser(number: number, UserPatch(name: "User \(number) r\(step)"))
        case 92..<97:
            if state.terminals.count < 500 {
                command = .createTerminal(TerminalDraft(kind: .standardSIP, registrationName: "t\(step)", password: "Terminal-\(step % 97)x"))
            } else {
                command = .updateTerminal(id: state.terminals.values.map(\.id).min()!, TerminalPatch(registrationName: "t\(step)"))
            }
        case 97..<99:
            command = .configureDestination(
                id: "local_2", SignalDestinationChange(enabled: true, settings: SyslogSettings(transport: .udp, host: "10.0.0.\(step % 250 + 1)", port: 514)))
        default:
            command = .setEventFilters(table: 4, filters: ["malfunction": step % 2 == 0 ? .every : .custom(frequency: 2, periodHours: 3)])
        }
        return try apply(command)
    }

    /// The telephony facts observed during the last command's second, as the registrar and the
    /// call recorder propose them.
    func facts() -> [ProposedEvent] {
        var facts: [ProposedEvent] = []
        let caller = String(1_000 + step % 144)
        if step % 18 == 0 {
            let phone = String(1_000 + (step / 18) % 200)
            let binding = RegistrationBinding(
                addressOfRecord: "sip:\(phone)@callplane", contact: "sip:\(phone)@192.168.1.\(step % 200 + 20):5060", expiresAt: now + 3_600_000_000,
                terminal: step % 500 + 1, source: "192.168.1.\(step % 200 + 20):5060")
            let fact = RegistrationFact.bound(binding)
            facts.append(ProposedEvent(stream: fact.stream, type: fact.type, actor: "sip", source: "sip", payload: fact.payload))
        }
        if step % 10 == 0 {
            let callID = UUID().uuidString
            let callee = String(1_000 + (step / 10) % 144)
            let call: [CallFact] = [
                .started(
                    CallStart(
                        callID: callID, caller: caller, callerTerminal: step % 500 + 1, callerSource: "192.168.1.\(step % 200 + 20):5060", dialled: callee,
                        callee: callee, kind: .internal, at: now)),
                .answered(
                    CallAnswer(
                        callID: callID, terminal: (step + 7) % 500 + 1, contact: "sip:\(callee)@192.168.1.\((step + 7) % 200 + 20):5060", at: now + 4_000_000)),
                .ended(
                    CallEnd(
                        callID: callID, cause: .normal, endedBy: .caller, durationMs: 95_000, terminals: [step % 500 + 1, (step + 7) % 500 + 1],
                        at: now + 99_000_000)),
            ]
            for fact in call {
                facts.append(
                    ProposedEvent(
                        stream: fact.stream, type: fact.type, actor: "sip", source: "sip", correlation: UUID(uuidString: callID), payload: fact.payload))
            }
        }
        return facts
    }

    private mutating func apply(_ command: Command) throws -> [DomainEvent] {
        let events = try state.decide(command, sealing: Self.sealing)
        for event in events { state.apply(event) }
        return events
    }
}
