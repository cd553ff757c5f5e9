import Domain
import Testing

/// Issue 16, point 3, the configuration half: the media relay's port range and relayed terminal
/// kinds, and a provider's "relay RTP data" switch, which older events and snapshots lack.
@Suite struct MediaRelayRulesTests {
    @Test("the defaults relay no terminal kind over 40000–40999; setting them stores the settings, the same again changes nothing")
    func defaultsAndChanges() throws {
        var state = SystemState()
        #expect(state.telephony.mediaRelay == MediaRelaySettings(firstPort: 40_000, lastPort: 40_999, relayedTerminalKinds: []))
        #expect(!state.telephony.mediaRelay.relays(.standardSIP))
        let settings = MediaRelaySettings(firstPort: 20_000, lastPort: 20_099, relayedTerminalKinds: [.standardSIP])
        let events = try run(.setMediaRelay(settings), on: &state)
        #expect(events == [.mediaRelaySet(settings)] && events.first?.stream == "mediarelay")
        #expect(state.telephony.mediaRelay.relays(.standardSIP) && !state.telephony.mediaRelay.relays(.systemSIP))
        #expect(try run(.setMediaRelay(settings), on: &state).isEmpty)
        try expectReplay(events, gives: state)
    }

    @Test("setting the defaults explicitly is recorded once, so the log shows the administrator chose them")
    func explicitDefaults() throws {
        var state = SystemState()
        #expect(try run(.setMediaRelay(MediaRelaySettings()), on: &state).count == 1)
        #expect(try run(.setMediaRelay(MediaRelaySettings()), on: &state).isEmpty)
    }

    @Test("ports outside 1024–65535 name the relay_port limit; a range without two pairs is refused with its rule")
    func refusals() {
        expectRefusal(.setMediaRelay(MediaRelaySettings(firstPort: 1023, lastPort: 2000)), naming: "relay_port")
        expectRefusal(.setMediaRelay(MediaRelaySettings(firstPort: 60_000, lastPort: 65_536)), naming: "relay_port")
        // 40001…40004 holds one pair (40002/40003): not enough for the two sides of one call.
        expectRefusal(.setMediaRelay(MediaRelaySettings(firstPort: 40_001, lastPort: 40_004)), naming: "2 RTP/RTCP port pairs")
        expectRefusal(.setMediaRelay(MediaRelaySettings(firstPort: 40_010, lastPort: 40_000)), naming: "2 RTP/RTCP port pairs")
        var state = SystemState()
        #expect((try? run(.setMediaRelay(MediaRelaySettings(firstPort: 40_001, lastPort: 40_005)), on: &state)) != nil, "40002–40005: two pairs")
    }

    @Test("a provider's relay switch is off unless set, and left out of its payload and the state's encoding while off")
    func providerSwitch() throws {
        var state = SystemState()
        let plain = try run(.setSIPProvider(SIPProvider(number: 1, name: "P", host: "192.0.2.1")), on: &state)
        #expect(try #require(plain.first).canonicalPayload().contains("relayMedia") == false)
        #expect(!String(decoding: state.canonicalEncoding(), as: UTF8.self).contains("relayMedia"))
        let relayed = try run(.setSIPProvider(SIPProvider(number: 1, name: "P", host: "192.0.2.1", relayMedia: true)), on: &state)
        #expect(try #require(relayed.first).canonicalPayload().contains("\"relayMedia\":true"))
        #expect(state.trunks.providers["1"]?.relayMedia == true)
        #expect(try SystemState(canonicalEncoding: state.canonicalEncoding()) == state)
        try expectReplay(plain + relayed, gives: state)
    }

    @Test("a terminal's SRTP mode is preferred unless set, and left out of its payload and the state's encoding while preferred")
    func terminalSRTPMode() throws {
        var state = SystemState()
        let created = try run(.createTerminal(TerminalDraft(kind: .standardSIP, registrationName: "t1", password: "s3cret-pass")), on: &state)
        #expect(state.terminal(id: 1)?.srtp == .preferred)
        #expect(try #require(created.first).canonicalPayload().contains("srtp") == false)
        #expect(!String(decoding: state.canonicalEncoding(), as: UTF8.self).contains("srtp"))
        let updated = try run(.updateTerminal(id: 1, TerminalPatch(srtp: .mandatory)), on: &state)
        #expect(try #require(updated.first).canonicalPayload().contains("\"srtp\":\"mandatory\""))
        #expect(state.terminal(id: 1)?.srtp == .mandatory)
        #expect(try run(.updateTerminal(id: 1, TerminalPatch(srtp: .mandatory)), on: &state).isEmpty)
        #expect(try SystemState(canonicalEncoding: state.canonicalEncoding()) == state)
        try expectReplay(created + updated, gives: state)
    }
}
