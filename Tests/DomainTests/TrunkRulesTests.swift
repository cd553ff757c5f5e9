import Domain
import Testing

/// Issue 16, point 1, the configuration half: SIP providers and accounts with the manual's
/// limits (Tab. 13: 10 providers, 240 SIP access channels, 4,000 DDI numbers; Tab. 15: 10 SIP
/// accounts), each refusal naming its rule, the password sealed and kept, and replay giving the
/// live state.
@Suite struct TrunkRulesTests {
    static func provider(_ number: Int = 1, host: String = "sip.carrier.example") -> SIPProvider {
        SIPProvider(number: number, name: "Carrier \(number)", host: host)
    }

    static func account(_ number: Int, provider: Int = 1, ddis: [String] = [], channels: Int = 2, password: String? = "secret") -> SIPAccountDraft {
        SIPAccountDraft(number: number, provider: provider, user: "user\(number)", password: password, ddis: ddis, channels: channels)
    }

    static func withProvider() throws -> SystemState {
        var state = SystemState()
        try run(.setSIPProvider(provider()), on: &state)
        return state
    }

    @Test("a provider takes its transport's port by default and is stored whole; the same again changes nothing")
    func providerDefaults() throws {
        var state = SystemState()
        let events = try run(.setSIPProvider(Self.provider()), on: &state)
        #expect(events == [.sipProviderSet(SIPProvider(number: 1, name: "Carrier 1", host: "sip.carrier.example", port: 5060))])
        #expect(events.first?.stream == "sipprovider/1")
        #expect(state.trunks.providers["1"]?.registerIntervalSeconds == 3600 && state.trunks.providers["1"]?.registrationRequired == true)
        #expect(try run(.setSIPProvider(Self.provider()), on: &state).isEmpty)
        #expect(state.usage(of: .sipProviders) == 1)
    }

    @Test(
        "a provider's fields are refused by name",
        arguments: [
            RefusalCase(command: .setSIPProvider(SIPProvider(number: 11, name: "P", host: "h")), field: "provider number", rule: "1 to 10", label: "number 11"),
            RefusalCase(command: .setSIPProvider(SIPProvider(number: 0, name: "P", host: "h")), field: "provider number", rule: "1 to 10", label: "number 0"),
            RefusalCase(command: .setSIPProvider(SIPProvider(number: 1, name: " ", host: "h")), field: "name", rule: "not blank", label: "blank name"),
            RefusalCase(
                command: .setSIPProvider(SIPProvider(number: 1, name: "P", host: "bad host")), field: "host", rule: "host name", label: "space in host"),
            RefusalCase(
                command: .setSIPProvider(SIPProvider(number: 1, name: "P", host: "-a.example")), field: "host", rule: "host name", label: "label starts with -"),
            RefusalCase(command: .setSIPProvider(SIPProvider(number: 1, name: "P", host: "")), field: "host", rule: "host name", label: "empty host"),
            RefusalCase(
                command: .setSIPProvider(SIPProvider(number: 1, name: "P", host: "h", outboundProxy: "proxy:99999")), field: "outboundProxy",
                rule: "port 1 to 65535",
                label: "proxy port"),
            RefusalCase(
                command: .setSIPProvider(SIPProvider(number: 1, name: "P", host: "h", transport: .tcp, caFile: "/etc/ca.pem")), field: "caFile",
                rule: "tls only", label: "a CA file for tcp"),
            RefusalCase(
                command: .setSIPProvider(SIPProvider(number: 1, name: "P", host: "h", transport: .tls, caFile: "ca.pem")), field: "caFile",
                rule: "absolute file path", label: "a relative CA file"),
        ])
    func providerRefusals(_ refusal: RefusalCase) throws {
        let error = try #require(refusalBesideProvider(refusal.command))
        #expect(error.details["field"] == refusal.field, "\(error)")
        #expect(error.message.contains(refusal.rule), "\(error)")
    }

    @Test("a port and an interval outside their ranges name their limits; the 11th provider is refused")
    func providerRanges() throws {
        expectRefusal(.setSIPProvider(SIPProvider(number: 1, name: "P", host: "h", port: 0)), naming: "port")
        expectRefusal(.setSIPProvider(SIPProvider(number: 1, name: "P", host: "h", registerIntervalSeconds: 59)), naming: "trunk_registration_interval_seconds")
        expectRefusal(
            .setSIPProvider(SIPProvider(number: 1, name: "P", host: "h", registerIntervalSeconds: 86_401)), naming: "trunk_registration_interval_seconds")
        #expect(refusalBesideProvider(.setSIPProvider(SIPProvider(number: 1, name: "P", host: "[2001:db8::1]", outboundProxy: "10.0.0.1:5070"))) == nil)
        #expect(refusalBesideProvider(.setSIPProvider(SIPProvider(number: 1, name: "P", host: "h", transport: .tcp))) == nil)
        #expect(refusalBesideProvider(.setSIPProvider(SIPProvider(number: 1, name: "P", host: "h", transport: .tls, caFile: "/etc/ca.pem"))) == nil)
        var state = SystemState()
        for number in 1...10 { try run(.setSIPProvider(Self.provider(number)), on: &state) }
        #expect(state.usage(of: .sipProviders) == 10)
        // Ten is the limit of providers, not of changes to them.
        #expect(refusal(.setSIPProvider(SIPProvider(number: 10, name: "Renamed", host: "h")), in: state) == nil)
    }

    @Test("an account needs its provider and a password; the password is sealed, kept when absent and not resealed when unchanged")
    func accountPassword() throws {
        var state = SystemState()
        expectRefusal(.setSIPAccount(Self.account(1)), naming: "no SIP provider 1")
        try run(.setSIPProvider(Self.provider()), on: &state)
        expectRefusal(.setSIPAccount(Self.account(1, password: nil)), naming: "needs the password", in: state)
        try run(.setSIPAccount(Self.account(1)), on: &state)
        let sealed = try #require(state.trunks.accounts["1"]?.password)
        #expect(sealed.text != "secret" && SealedSecret.isSealedForm(Array(sealed.text.utf8)))
        #expect(try testSealing.open(sealed) == "secret")
        #expect(try run(.setSIPAccount(Self.account(1)), on: &state).isEmpty, "the same password is no change")
        let moved = try run(.setSIPAccount(Self.account(1, channels: 4, password: nil)), on: &state)
        #expect(moved.count == 1 && state.trunks.accounts["1"]?.password == sealed && state.trunks.accounts["1"]?.channels == 4)
        try run(.setSIPAccount(Self.account(1, password: "other")), on: &state)
        #expect(try testSealing.open(state.trunks.accounts["1"]!.password) == "other")
    }

    @Test("channels stay within 240 over all accounts, and the 11th account is refused")
    func channels() throws {
        var state = try Self.withProvider()
        expectRefusal(.setSIPAccount(Self.account(1, channels: 0)), naming: "sip_access_channels", in: state)
        try run(.setSIPAccount(Self.account(1, channels: 200)), on: &state)
        expectRefusal(.setSIPAccount(Self.account(2, channels: 41)), naming: "sip_access_channels", in: state)
        try run(.setSIPAccount(Self.account(2, channels: 40)), on: &state)
        #expect(state.trunks.accounts.values.reduce(0) { $0 + $1.channels } == 240)
        #expect(state.usage(of: .sipAccessChannels) == nil, "channels in use are the call core's count")
        // Replacing account 1 counts its new channels, not its old ones beside them.
        #expect(refusal(.setSIPAccount(Self.account(1, channels: 199)), in: state) == nil)
        try run(.setSIPAccount(Self.account(1, channels: 1)), on: &state)
        for number in 3...10 { try run(.setSIPAccount(Self.account(number, channels: 1)), on: &state) }
        expectRefusal(.setSIPAccount(Self.account(11, channels: 1)), naming: "1 to 10", in: state)
        var full = state
        full.apply(.sipAccountSet(SIPAccount(number: 11, provider: 1, user: "x", password: SealedSecret(text: "v1:x"))))
        expectRefusal(.setSIPAccount(Self.account(12, channels: 1)), naming: "1 to 10", in: full)
    }

    @Test("DDI entries are numbers or ranges of one length, never overlap, and count towards 4,000")
    func ddis() throws {
        var state = try Self.withProvider()
        for entry in ["", "12a", "200-1999", "300-200", "1-2-3", String(repeating: "1", count: 21)] {
            let error = try #require(refusal(.setSIPAccount(Self.account(1, ddis: [entry])), in: state), "\(entry)")
            #expect(error.details["field"] == "ddis", "\(entry): \(error)")
        }
        expectRefusal(.setSIPAccount(Self.account(1, ddis: ["0441230000-0441230099", "0441230050"])), naming: "overlaps", in: state)
        try run(.setSIPAccount(Self.account(1, ddis: ["0441230000-0441230099", "0441230200"])), on: &state)
        #expect(state.usage(of: .ddiNumbers) == 101)
        let clash = try #require(refusal(.setSIPAccount(Self.account(2, ddis: ["0441230099-0441230150"])), in: state))
        #expect(clash.code == "ddi_taken" && clash.details["account"] == "1", "\(clash)")
        // Another length never overlaps: 441230050 is a different number from 0441230050.
        #expect(refusal(.setSIPAccount(Self.account(2, ddis: ["441230050"])), in: state) == nil)
        expectRefusal(.setSIPAccount(Self.account(2, ddis: ["05550000-05553899"])), naming: "ddi_numbers", in: state)
        try run(.setSIPAccount(Self.account(2, ddis: ["05550000-05553898"])), on: &state)
        #expect(state.usage(of: .ddiNumbers) == 4000)
        #expect(try DDIRange("0441230000-0441230099").contains("0441230042") && !(try DDIRange("0441230000-0441230099").contains("441230042")))
    }

    @Test("a provider with accounts cannot be deleted; unknown ones are not found; deletions empty the state again")
    func deletions() throws {
        var state = try Self.withProvider()
        let empty = SystemState().stateHash()
        try run(.setSIPAccount(Self.account(1)), on: &state)
        let inUse = try #require(refusal(.deleteSIPProvider(number: 1), in: state))
        #expect(inUse.code == "provider_in_use" && inUse.details["accounts"] == "1")
        #expect(refusal(.deleteSIPAccount(number: 2), in: state)?.code == "sip_account_not_found")
        #expect(refusal(.deleteSIPProvider(number: 2), in: state)?.code == "sip_provider_not_found")
        try run(.deleteSIPAccount(number: 1), on: &state)
        try run(.deleteSIPProvider(number: 1), on: &state)
        #expect(state.trunks == TrunkConfiguration())
        var withoutVersions = state
        withoutVersions.streamVersions = [:]
        #expect(withoutVersions.stateHash() == empty, "no trunk member is left in the encoding")
    }

    @Test("the DDI plan's rows lie within the accounts' DDIs, never overlap, name users; it guards its users and its DDIs")
    func ddiPlan() throws {
        var state = try Self.withProvider()
        for number in ["101", "102"] { try run(.createUser(User(number: number, name: "U\(number)")), on: &state) }
        try run(.setSIPAccount(Self.account(1, ddis: ["0441230000-0441230099"])), on: &state)
        let row = { (ddi: String, user: String) in DDIAssignment(ddi: ddi, user: user) }
        expectRefusal(.setDDIPlan(DDIPlan(assignments: [row("0441239999", "101")])), naming: "not within the DDIs", in: state)
        expectRefusal(.setDDIPlan(DDIPlan(assignments: [row("0441230000-0441230100", "101")])), naming: "not within the DDIs", in: state)
        expectRefusal(
            .setDDIPlan(DDIPlan(assignments: [row("0441230010-0441230019", "101"), row("0441230019", "102")])), naming: "overlaps", in: state)
        #expect(refusal(.setDDIPlan(DDIPlan(assignments: [row("0441230001", "109")])), in: state)?.code == "unknown_user")
        #expect(refusal(.setDDIPlan(DDIPlan(defaultDestination: "109")), in: state)?.details["field"] == "defaultDestination")
        try run(.setDDIPlan(DDIPlan(assignments: [row("0441230001", "101"), row("0441230010-0441230019", "102")], defaultDestination: "101")), on: &state)
        let plan = state.trunks.ddiPlan
        #expect(plan.user(for: "0441230001") == "101" && plan.user(for: "0441230015") == "102")
        #expect(plan.user(for: "0441230050") == "101", "a DDI without a row rings the default destination")
        #expect(state.trunks.account(carrying: "0441230050")?.number == 1 && state.trunks.account(carrying: "0441240050") == nil)
        #expect(refusal(.deleteUser(number: "102"), in: state)?.code == "user_has_ddi")
        #expect(refusal(.deleteUser(number: "101"), in: state)?.code == "user_has_ddi")
        #expect(refusal(.setSIPAccount(Self.account(1, ddis: ["0441230000-0441230009"])), in: state)?.code == "ddi_in_plan")
        #expect(refusal(.deleteSIPAccount(number: 1), in: state)?.code == "ddi_in_plan")
        try run(.setDDIPlan(DDIPlan(assignments: [row("0441230001", "101")])), on: &state)
        #expect(refusal(.deleteUser(number: "102"), in: state) == nil, "no longer named by the plan")
    }
}

private func refusalBesideProvider(_ command: Command) -> DomainError? {
    refusal(command, in: (try? TrunkRulesTests.withProvider()) ?? SystemState())
}
