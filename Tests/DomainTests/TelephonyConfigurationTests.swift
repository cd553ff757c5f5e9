import Domain
import Testing

/// Issue 15, points 5–7, the configuration half: message groups (manual Tab. 13, §6.3.1.3),
/// the public emergency numbers with their country defaults and internal destination, and the
/// users' telephony settings — each rule's refusal by name, the cascades of a user's deletion
/// in one decision, and replay and snapshot giving the live state.
@Suite struct TelephonyConfigurationTests {
    static func users(_ numbers: String..., country: String = "") throws -> SystemState {
        var state = SystemState()
        if !country.isEmpty { try run(.setSystemIdentity(SystemIdentity(country: country)), on: &state) }
        for number in numbers { try run(.createUser(User(number: number, name: "User \(number)")), on: &state) }
        return state
    }

    // MARK: Message groups

    @Test("a group keeps its members once each, in call-number order, and the query gives their users")
    func groupMembers() throws {
        var state = try Self.users("101", "99", "1000")
        let events = try run(.setMessageGroup(MessageGroup(number: 16, name: "System phone 1", members: ["1000", "101", "99", "101"])), on: &state)
        #expect(events == [.messageGroupSet(MessageGroup(number: 16, name: "System phone 1", members: ["99", "101", "1000"]))])
        #expect(events.first?.stream == "messagegroup/16")
        #expect(state.messageGroupMembers(MessageGroup.systemPhone1).map(\.number) == ["99", "101", "1000"])
        #expect(state.messageGroupMembers(MessageGroup.systemPhone2).isEmpty, "group 15 is not configured")
        #expect(
            try state.decide(.setMessageGroup(MessageGroup(number: 16, name: "System phone 1", members: ["99", "1000", "101"])), sealing: testSealing).isEmpty)
        #expect(state.usage(of: .messageGroups) == 1)
    }

    @Test("an unknown member is refused naming the number and the rule")
    func unknownMember() throws {
        let state = try Self.users("101")
        let error = try #require(refusal(.setMessageGroup(MessageGroup(number: 1, name: "G", members: ["101", "109"])), in: state))
        #expect(error.code == "unknown_user" && error.kind == .validation)
        #expect(error.details["field"] == "members" && error.details["number"] == "109")
    }

    @Test("the 17th member, group numbers outside 1…50 and a blank name are refused")
    func groupLimits() throws {
        let numbers = (0..<17).map { String(200 + $0) }
        var state = SystemState()
        for number in numbers { try run(.createUser(User(number: number, name: "U\(number)")), on: &state) }
        expectRefusal(.setMessageGroup(MessageGroup(number: 1, name: "Big", members: numbers)), naming: "message_group_members", in: state)
        try run(.setMessageGroup(MessageGroup(number: 1, name: "Full", members: Array(numbers.prefix(16)))), on: &state)
        for number in [0, 51, -1] {
            let error = try #require(refusal(.setMessageGroup(MessageGroup(number: number, name: "G")), in: state))
            #expect(error.details["field"] == "number" && error.message.contains("1 to 50"), "\(error)")
        }
        #expect(refusal(.setMessageGroup(MessageGroup(number: 50, name: " ")), in: state)?.details["field"] == "name")
        #expect(refusal(.setMessageGroup(MessageGroup(number: 50, name: "Last")), in: state) == nil)
    }

    @Test("a group is deleted; a group that is not there is not found")
    func deleteGroup() throws {
        var state = try Self.users("101")
        try run(.setMessageGroup(MessageGroup(number: 15, name: "Front desk", members: ["101"])), on: &state)
        #expect(try run(.deleteMessageGroup(number: 15), on: &state) == [.messageGroupDeleted(number: 15)])
        #expect(state.messageGroup(15) == nil)
        #expect(refusal(.deleteMessageGroup(number: 15), in: state)?.code == "message_group_not_found")
    }

    // MARK: A deleted user

    @Test("deleting a user takes them out of every group and ends forwardings to them, in the same decision and before the deletion")
    func deletionCascades() throws {
        var state = try Self.users("101", "102", "103")
        var log: [DomainEvent] = []
        log += try run(.setMessageGroup(MessageGroup(number: 16, name: "A", members: ["101", "102"])), on: &state)
        log += try run(.setMessageGroup(MessageGroup(number: 2, name: "B", members: ["102"])), on: &state)
        log += try run(.setMessageGroup(MessageGroup(number: 3, name: "C", members: ["103"])), on: &state)
        log += try run(.setUserTelephony(number: "101", UserTelephonyPatch(busyOnBusy: true, callForwardingUnconditional: "102")), on: &state)
        log += try run(.setUserTelephony(number: "103", UserTelephonyPatch(callForwardingUnconditional: "102")), on: &state)
        log += try run(.setUserTelephony(number: "102", UserTelephonyPatch(remoteMaintenanceAccess: true)), on: &state)

        let events = try run(.deleteUser(number: "102"), on: &state)
        log += events
        #expect(
            events == [
                .messageGroupSet(MessageGroup(number: 2, name: "B", members: [])),
                .messageGroupSet(MessageGroup(number: 16, name: "A", members: ["101"])),
                .userTelephonySet(UserTelephony(number: "101", busyOnBusy: true)),
                .userTelephonySet(UserTelephony(number: "103")),
                .userDeleted(number: "102"),
            ])
        // Folded one by one as the projection publishes them: no intermediate state names a
        // user that is gone.
        var partial = try Self.users("101", "102", "103")
        for event in log {
            partial.apply(event)
            let named = partial.messageGroups.flatMap(\.members) + partial.telephony.users.values.compactMap(\.callForwardingUnconditional)
            #expect(named.allSatisfy { partial.users[$0] != nil }, "after \(event.type): \(named)")
        }
        #expect(state.telephony.users["102"] == nil, "the deleted user's own settings went with them")
        #expect(state.telephony.users.keys.sorted() == ["101"], "103's settings are the defaults again, so no record is kept")
        try expectReplay(try Self.creations("101", "102", "103") + log, gives: state)
    }

    static func creations(_ numbers: String...) throws -> [DomainEvent] {
        numbers.map { .userCreated(User(number: $0, name: "User \($0)")) }
    }

    @Test("the user emergency calls go to cannot be deleted until another destination is set")
    func emergencyDestinationStays() throws {
        var state = try Self.users("100", "101")
        try run(.setEmergencySettings(EmergencySettings(internalDestination: "100")), on: &state)
        let error = try #require(refusal(.deleteUser(number: "100"), in: state))
        #expect(error.code == "user_is_emergency_destination" && error.kind == .conflict)
        try run(.setEmergencySettings(EmergencySettings(internalDestination: "101")), on: &state)
        try run(.deleteUser(number: "100"), on: &state)
    }

    // MARK: Emergency numbers

    @Test(
        "the defaults follow the system's country; without one, or for a country the table does not name, 112",
        arguments: [
            ("DE", ["112", "110"]), ("AT", ["112", "122", "133", "144"]), ("GB", ["999", "112"]), ("US", ["911"]),
            ("FR", ["112", "15", "17", "18"]), ("IT", ["112", "113", "115", "118"]), ("CH", ["112", "117", "118", "144"]), ("", ["112"]),
            ("SE", ["112"]),
        ])
    func countryDefaults(country: String, numbers: [String]) throws {
        let state = try Self.users(country: country)
        #expect(state.emergencyNumbers == numbers)
        #expect(state.emergencyNumbersFollowCountry)
    }

    @Test("a list an administrator sets stays when the country changes; null follows the country again")
    func setList() throws {
        var state = try Self.users(country: "DE")
        let events = try run(.setEmergencySettings(EmergencySettings(numbers: ["112", "110", "112", "19222"])), on: &state)
        #expect(events == [.emergencySettingsSet(EmergencySettings(numbers: ["112", "110", "19222"]))], "repeats dropped, order kept")
        #expect(events.first?.stream == "emergency")
        try run(.setSystemIdentity(SystemIdentity(country: "GB")), on: &state)
        #expect(state.emergencyNumbers == ["112", "110", "19222"] && !state.emergencyNumbersFollowCountry)
        try run(.setEmergencySettings(EmergencySettings()), on: &state)
        #expect(state.emergencyNumbers == ["999", "112"] && state.emergencyNumbersFollowCountry)
        #expect(state.usage(of: .publicEmergencyNumbers) == 2)
    }

    @Test("an emergency number's rules: digits, at least one, at most 20")
    func listRules() throws {
        let state = SystemState()
        #expect(refusal(.setEmergencySettings(EmergencySettings(numbers: ["11 2"])), in: state)?.details["field"] == "numbers")
        #expect(refusal(.setEmergencySettings(EmergencySettings(numbers: ["*112"])), in: state)?.details["field"] == "numbers")
        let empty = try #require(refusal(.setEmergencySettings(EmergencySettings(numbers: [])), in: state))
        #expect(empty.details["field"] == "numbers" && empty.message.contains("at least one"))
        let twenty = (0..<20).map { String(9000 + $0) }
        #expect(refusal(.setEmergencySettings(EmergencySettings(numbers: twenty)), in: state) == nil)
        expectRefusal(.setEmergencySettings(EmergencySettings(numbers: twenty + ["112"])), naming: "public_emergency_numbers", in: state)
    }

    @Test("the internal destination is an existing user")
    func internalDestination() throws {
        var state = try Self.users("100")
        let error = try #require(refusal(.setEmergencySettings(EmergencySettings(internalDestination: "200")), in: state))
        #expect(error.code == "unknown_user" && error.details["field"] == "internalDestination")
        try run(.setEmergencySettings(EmergencySettings(internalDestination: "100")), on: &state)
        #expect(state.emergencyDestination == "100" && state.emergencyNumbers == ["112"])
        #expect(try state.decide(.setEmergencySettings(EmergencySettings(internalDestination: "100")), sealing: testSealing).isEmpty)
    }

    @Test("a user number that is an emergency number is refused, and the other way round")
    func numberingNeverAmbiguous() throws {
        var state = try Self.users("110", country: "")
        let user = try #require(refusal(.createUser(User(number: "112", name: "Not me")), in: state))
        #expect(user.code == "number_is_emergency_number" && user.kind == .conflict)
        let list = try #require(refusal(.setEmergencySettings(EmergencySettings(numbers: ["112", "110"])), in: state))
        #expect(list.code == "emergency_number_is_user" && list.details["number"] == "110")
        // DE's defaults hold 110, user 110's call number: the country cannot follow.
        let country = try #require(refusal(.setSystemIdentity(SystemIdentity(country: "DE")), in: state))
        #expect(country.code == "emergency_number_is_user" && country.details["field"] == "country")
        // With a list of its own the country no longer decides the numbers.
        try run(.setEmergencySettings(EmergencySettings(numbers: ["112"])), on: &state)
        try run(.setSystemIdentity(SystemIdentity(country: "DE")), on: &state)
        try run(.createUser(User(number: "111", name: "Fine")), on: &state)
    }

    // MARK: Users' telephony settings

    @Test("a user's settings start restricted: no remote maintenance codes, no busy on busy, no forwarding")
    func defaults() throws {
        let state = try Self.users("101")
        #expect(state.telephony(ofUser: "101") == UserTelephony(number: "101"))
        #expect(!state.telephony(ofUser: "101").remoteMaintenanceAccess && !state.telephony(ofUser: "101").busyOnBusy)
        #expect(refusal(.setUserTelephony(number: "102", UserTelephonyPatch(busyOnBusy: true)), in: state)?.code == "user_not_found")
    }

    @Test("a patch changes what it names; back to the defaults, the state is the one that never had settings")
    func patch() throws {
        let plain = try Self.users("101", "102")
        var state = plain
        let events = try run(.setUserTelephony(number: "101", UserTelephonyPatch(remoteMaintenanceAccess: true)), on: &state)
        #expect(events == [.userTelephonySet(UserTelephony(number: "101", remoteMaintenanceAccess: true))] && events.first?.stream == "user/101")
        try run(.setUserTelephony(number: "101", UserTelephonyPatch(busyOnBusy: true, callForwardingUnconditional: "102")), on: &state)
        #expect(
            state.telephony(ofUser: "101") == UserTelephony(number: "101", remoteMaintenanceAccess: true, busyOnBusy: true, callForwardingUnconditional: "102"))
        #expect(try state.decide(.setUserTelephony(number: "101", UserTelephonyPatch(busyOnBusy: true)), sealing: testSealing).isEmpty)
        try run(
            .setUserTelephony(number: "101", UserTelephonyPatch(remoteMaintenanceAccess: false, busyOnBusy: false, callForwardingUnconditional: .some(nil))),
            on: &state)
        #expect(state.telephony.users.isEmpty)
        var withoutVersions = state
        withoutVersions.streamVersions = plain.streamVersions
        #expect(withoutVersions.canonicalEncoding() == plain.canonicalEncoding(), "no telephony member left behind")
    }

    @Test("a forwarding to oneself, to no user, to a malformed number or round in a circle is refused; a chain is not")
    func forwardingRules() throws {
        var state = try Self.users("101", "102", "103")
        let own = try #require(refusal(.setUserTelephony(number: "101", UserTelephonyPatch(callForwardingUnconditional: "101")), in: state))
        #expect(own.code == "forwarding_to_self" && own.details["field"] == "callForwardingUnconditional")
        let unknown = try #require(refusal(.setUserTelephony(number: "101", UserTelephonyPatch(callForwardingUnconditional: "199")), in: state))
        #expect(unknown.code == "unknown_user" && unknown.details["number"] == "199")
        #expect(refusal(.setUserTelephony(number: "101", UserTelephonyPatch(callForwardingUnconditional: "1a")), in: state)?.code == "invalid_field")
        try run(.setUserTelephony(number: "101", UserTelephonyPatch(callForwardingUnconditional: "102")), on: &state)
        try run(.setUserTelephony(number: "102", UserTelephonyPatch(callForwardingUnconditional: "103")), on: &state)
        let loop = try #require(refusal(.setUserTelephony(number: "103", UserTelephonyPatch(callForwardingUnconditional: "101")), in: state))
        #expect(loop.code == "forwarding_loop" && loop.details["chain"] == "103 → 101 → 102 → 103", "\(loop)")
    }

    // MARK: The state

    @Test("the telephony configuration survives the snapshot and its replay gives the same hash")
    func snapshotAndReplay() throws {
        var state = SystemState()
        var log: [DomainEvent] = []
        for command: Command in [
            .setSystemIdentity(SystemIdentity(country: "AT")),
            .createUser(User(number: "100", name: "Reception")), .createUser(User(number: "101", name: "Ann")),
            .setMessageGroup(MessageGroup(number: 16, name: "System phone 1", members: ["100", "101"])),
            .setEmergencySettings(EmergencySettings(internalDestination: "100")),
            .setUserTelephony(number: "101", UserTelephonyPatch(remoteMaintenanceAccess: true, callForwardingUnconditional: "100")),
        ] {
            log += try run(command, on: &state)
        }
        try expectReplay(log, gives: state)
        let snapshot = try SystemState(canonicalEncoding: state.canonicalEncoding())
        #expect(snapshot == state && snapshot.stateHash() == state.stateHash())
        #expect(snapshot.emergencyNumbers == ["112", "122", "133", "144"] && snapshot.emergencyDestination == "100")
        #expect(SystemState().canonicalEncoding() == (try SystemState(canonicalEncoding: SystemState().canonicalEncoding())).canonicalEncoding())
        #expect(!String(decoding: SystemState().canonicalEncoding(), as: UTF8.self).contains("telephony"))
    }

    @Test("the audit files message groups under users and emergency numbers under system")
    func auditAreas() {
        #expect(AdministrationArea.users.eventTypePrefixes.contains("messagegroup."))
        #expect(AdministrationArea.system.eventTypePrefixes.contains("emergency."))
        #expect(DomainEvent.userTelephonySet(UserTelephony(number: "1")).area == .users)
        #expect(DomainEvent.emergencySettingsSet(EmergencySettings()).area == .telephony)
    }
}
