import Domain
import EventLog
import Testing

/// The SNMP agent's access in the domain: limits and rules named in errors, secrets sealed in
/// the payload, an unchanged setting not logged again, and replay to the same state.
@Suite struct SNMPAgentRulesTests {
    static let user = SNMPUserDraft(name: "nms", authPassphrase: "auth-pass-1", privPassphrase: "priv-pass-1")

    static func draft(communities: [String] = ["ro-community"], users: [SNMPUserDraft] = [user], networks: [String] = ["10.1.0.0/16"]) -> Command {
        .setSNMPAgent(SNMPAgentDraft(communities: communities, users: users, allowedNetworks: networks))
    }

    @Test("a first start grants nobody and answers loopback only")
    func firstStart() {
        let settings = SystemState().snmpAgent
        #expect(settings.communities.isEmpty && settings.users.isEmpty)
        #expect(settings.allowedNetworks == ["127.0.0.0/8", "::1/128"])
    }

    @Test(
        "refusals name their rule or limit",
        arguments: [
            (draft(communities: ["a", "b", "c", "d", "e", "f"]), "snmp_communities"),
            (draft(users: (1...6).map { SNMPUserDraft(name: "u\($0)", authPassphrase: "auth-pass-1", privPassphrase: "priv-pass-1") }), "snmp_users"),
            (draft(networks: (1...17).map { "10.0.\($0).0/24" }), "snmp_allowed_networks"),
            (draft(users: [SNMPUserDraft(name: "nms", authPassphrase: "short", privPassphrase: "priv-pass-1")]), "snmp_passphrase_length"),
            (draft(communities: [String(repeating: "c", count: 33)]), "snmp_name_length"),
            (draft(communities: ["has space"]), "printable ASCII without spaces"),
            (draft(communities: ["same", "same"]), "each community once"),
            (draft(networks: ["10.0.0.0/33"]), "not an IPv4 or IPv6 address"),
            (draft(networks: ["example.com"]), "not an IPv4 or IPv6 address"),
            (draft(users: [SNMPUserDraft(name: "nms", authPassphrase: "with\"quote", privPassphrase: "priv-pass-1")]), "printable ASCII"),
        ])
    func refusals(command: Command, named: String) {
        expectRefusal(command, naming: named)
    }

    @Test("secrets are sealed in the payload, networks normalised, and replay gives the same state")
    func sealedAndReplayed() throws {
        var state = SystemState()
        let events = try run(Self.draft(networks: ["10.1.2.3/16", "2001:db8::1/32"]), on: &state)
        #expect(state.snmpAgent.allowedNetworks == ["10.1.0.0/16", "2001:db8::/32"])
        let payload = try #require(events.first).canonicalPayload()
        for secret in ["ro-community", "auth-pass-1", "priv-pass-1"] { #expect(!payload.contains(secret)) }
        #expect(try testSealing.open(state.snmpAgent.communities[0]) == "ro-community")
        #expect(try testSealing.open(state.snmpAgent.users[0].privPassphrase) == "priv-pass-1")

        try expectReplay(events, gives: state)

        // The same access again is no change, so nothing is logged.
        #expect(try state.decide(Self.draft(networks: ["10.1.0.0/16", "2001:db8::/32"]), sealing: testSealing).isEmpty)
        #expect(try state.decide(Self.draft(communities: ["other"], networks: ["10.1.0.0/16", "2001:db8::/32"]), sealing: testSealing).count == 1)
    }

    @Test("network prefixes match addresses of their family only")
    func networkPrefixes() throws {
        let v4 = try #require(NetworkPrefix("192.0.2.0/24"))
        #expect(v4.contains("192.0.2.77") && !v4.contains("192.0.3.1") && v4.contains("::ffff:192.0.2.5") && !v4.contains("2001:db8::1"))
        let v6 = try #require(NetworkPrefix("2001:db8::/32"))
        #expect(v6.contains("2001:db8:1::5") && !v6.contains("2001:db9::1") && !v6.contains("192.0.2.1"))
        #expect(NetworkPrefix("127.0.0.1")?.description == "127.0.0.1/32")
        #expect(NetworkPrefix("0.0.0.0/0")?.contains("203.0.113.9") == true)
        #expect(NetworkPrefix("10.0.0.0/8x") == nil && NetworkPrefix("10.0.0.0/") == nil)
    }
}
