import Domain
import EventLog
import Testing

/// User access control in the domain (manual §5.3): names, passwords, lock-out, access log,
/// limits, predefined accounts and profiles, and that all of it replays exactly.
@Suite struct AccessControlRulesTests {
    static let goodPassword = "Good-Pass1"

    /// A state after a first start, with the default admin.
    static func bootstrapped() throws -> SystemState {
        var state = SystemState()
        try run(.bootstrapAccessControl(adminPasswordHash: "$scrypt$stub"), on: &state)
        return state
    }

    static func draft(_ name: String, profile: String = "receptionist", password: String = goodPassword) -> Command {
        .createAccount(AccountDraft(name: name, profile: profile, password: password, passwordHash: "$scrypt$\(name)"))
    }

    @Test(
        "each password rule refuses with its own code",
        arguments: [
            ("Sh-1a", "password_length"),
            (String(repeating: "Aa1-", count: 64), "password_length"),
            ("Pässword-1", "password_characters"),
            ("password", "password_default"),
            ("Anna-Lena1", "password_user_name"),
            ("lower-case1", "password_uppercase"),
            ("UPPER-CASE1", "password_lowercase"),
            ("No-Digits-Here", "password_digit"),
            ("NoSpecial123", "password_special"),
        ])
    func passwordRules(password: String, code: String) throws {
        let state = try Self.bootstrapped()
        let error = refusal(Self.draft("anna-lena1", password: password), in: state)
        #expect(error?.code == code, "\(password) gave \(error?.code ?? "no error")")
        #expect(error?.message.contains("§5.3.1") == true)
    }

    @Test("a password of exactly 8 and of 255 characters is accepted")
    func passwordLengthBounds() throws {
        var state = try Self.bootstrapped()
        try run(Self.draft("eight", password: "Abcd-123"), on: &state)
        try run(Self.draft("long", password: "Aa1-" + String(repeating: "x", count: 251)), on: &state)
        #expect(state.accessControl.accounts.count == 3)
    }

    @Test(
        "user names follow §5.3.1.1 and are unique without regard to case",
        arguments: [
            "", String(repeating: "a", count: 26), "Zoë", "tab\tname", "under_score", "   ",
        ])
    func accountNameRules(name: String) throws {
        let state = try Self.bootstrapped()
        #expect(refusal(Self.draft(name), in: state)?.code == "invalid_field")
    }

    @Test("the allowed special characters pass, and a second ADMIN is refused")
    func accountNameSpecials() throws {
        var state = try Self.bootstrapped()
        try run(Self.draft("a?/<>-+*#=., b"), on: &state)
        #expect(refusal(Self.draft("ADMIN"), in: state)?.code == "account_exists")
        #expect(state.accessControl.account(named: "A?/<>-+*#=., B")?.name == "a?/<>-+*#=., b")
    }

    @Test("the 26th account is refused naming the limit")
    func accountLimit() throws {
        var state = try Self.bootstrapped()
        for index in 2...25 { try run(Self.draft("user\(index)"), on: &state) }
        let error = refusal(Self.draft("user26"), in: state)
        #expect(error?.code == "capacity_exceeded")
        #expect(error?.details["limit"] == "user_accounts")
        #expect(error?.details["max"] == "25")
    }

    @Test("predefined accounts keep existing and keep their profile; predefined profiles cannot change")
    func predefined() throws {
        var state = try Self.bootstrapped()
        try run(Self.draft("second", profile: "administrator"), on: &state)
        #expect(refusal(.deleteAccount(name: "Admin"), in: state)?.code == "account_predefined")
        #expect(refusal(.updateAccount(name: "admin", profile: "receptionist"), in: state)?.code == "account_predefined")
        #expect(refusal(.deleteProfile(id: "receptionist"), in: state)?.code == "profile_predefined")
        #expect(
            refusal(.updateProfile(AuthorizationProfile(id: "administrator", name: "X", level: .receptionist, areas: [:], interfaces: [])), in: state)?.code
                == "profile_predefined")
        try run(.updateAccount(name: "second", profile: "receptionist"), on: &state)
        try run(.deleteAccount(name: "SECOND"), on: &state)
        #expect(state.accessControl.account(named: "admin")?.profile == "administrator")
        #expect(state.accessControl.accounts.count == 1)
    }

    @Test("15 wrong passwords in a row block the account; a new password set by someone else unblocks it")
    func lockOut() throws {
        var state = try Self.bootstrapped()
        for index in 1...14 {
            try run(.recordAccess(AccessAttempt(account: "admin", at: Int64(index), source: "10.0.0.1", interface: "api", outcome: .wrongPassword)), on: &state)
        }
        #expect(state.accessControl.accounts["admin"]?.blocked == false)
        try run(.recordAccess(AccessAttempt(account: "admin", at: 15, source: "10.0.0.1", interface: "api", outcome: .ok)), on: &state)
        #expect(state.accessControl.accounts["admin"]?.consecutiveFailures == 0)
        for index in 16...30 {
            try run(.recordAccess(AccessAttempt(account: "admin", at: Int64(index), source: "10.0.0.1", interface: "api", outcome: .wrongPassword)), on: &state)
        }
        #expect(state.accessControl.accounts["admin"]?.blocked == true)
        try run(
            .setPassword(
                PasswordChange(
                    account: "admin", newPassword: "New-Pass1", newPasswordHash: "$scrypt$new", matchesRecentPassword: false, mustChangeAtNextLogin: true)),
            on: &state)
        let admin = try #require(state.accessControl.accounts["admin"])
        #expect(!admin.blocked)
        #expect(admin.mustChangePassword)
        #expect(admin.passwordHashes.count == 2)
    }

    @Test("the access log keeps exactly the last 20 attempts")
    func accessLogKeepsTwenty() throws {
        var state = try Self.bootstrapped()
        for index in 1...23 {
            try run(
                .recordAccess(
                    AccessAttempt(
                        account: "admin", at: Int64(index), source: "10.0.0.\(index)", interface: "api",
                        outcome: index % 3 == 0 ? .wrongPassword : .ok)), on: &state)
        }
        let log = try #require(state.accessControl.accounts["admin"]?.accessLog)
        #expect(log.map(\.at) == Array(4...23).map(Int64.init))
        #expect(log.last?.source == "10.0.0.23")
    }

    @Test("the password history holds the last 4 hashes and a reuse is refused")
    func history() throws {
        var state = try Self.bootstrapped()
        for index in 1...6 {
            try run(
                .setPassword(
                    PasswordChange(
                        account: "admin", newPassword: "Pass-\(index)xyz", newPasswordHash: "$h\(index)", matchesRecentPassword: false,
                        mustChangeAtNextLogin: false)), on: &state)
        }
        #expect(state.accessControl.accounts["admin"]?.passwordHashes.count == 4)
        let error = refusal(
            .setPassword(
                PasswordChange(account: "admin", newPassword: "Pass-5xyz", newPasswordHash: "", matchesRecentPassword: true, mustChangeAtNextLogin: false)),
            in: state)
        #expect(error?.code == "password_history")
    }

    @Test("remote maintenance raises enabled and disabled messages only when it opens or closes")
    func remoteMaintenance() throws {
        var state = try Self.bootstrapped()
        let enabled = try run(.setRemoteMaintenance(.oneOff, at: 1), on: &state)
        #expect(enabled.count == 2)
        guard case .eventMessageOccurred(let message) = enabled[1] else {
            Issue.record("no event message")
            return
        }
        #expect(message.type == "remote_maintenance_enabled")
        #expect(try run(.setRemoteMaintenance(.permanent, at: 2), on: &state).count == 1)
        let barred = try run(.setRemoteMaintenance(.barred, at: 3), on: &state)
        guard case .eventMessageOccurred(let positive) = barred.last else {
            Issue.record("no event message")
            return
        }
        #expect(positive.type == "remote_maintenance_disabled")
        #expect(state.eventMessages.active.isEmpty)
        #expect(try run(.setRemoteMaintenance(.barred, at: 4), on: &state).isEmpty)
    }

    @Test("idle timeout outside 1…480 minutes is refused naming the limit")
    func idleTimeoutRange() throws {
        let state = try Self.bootstrapped()
        #expect(refusal(.setAccessControlSettings(AccessControlSettings(idleTimeoutMinutes: 0)), in: state)?.details["limit"] == "session_idle_timeout_minutes")
        #expect(refusal(.setAccessControlSettings(AccessControlSettings(idleTimeoutMinutes: 481)), in: state)?.code == "out_of_range")
    }

    @Test("every access-control event survives its payload and replays to the same state hash")
    func payloadRoundTripAndReplay() throws {
        var state = try Self.bootstrapped()
        var events: [DomainEvent] = try state.decide(.bootstrapAccessControl(adminPasswordHash: "x"), sealing: testSealing)
        #expect(events.isEmpty, "a second bootstrap creates nothing")
        state = SystemState()
        let commands: [Command] = [
            .bootstrapAccessControl(adminPasswordHash: "$scrypt$a"),
            .createProfile(
                AuthorizationProfile(
                    id: "night-desk", name: "Night desk", level: .receptionist, areas: [.users: .write, .audit: .read],
                    interfaces: [.webAdminAPI, .csta], fileAccess: .read)),
            Self.draft("Night Clerk", profile: "night-desk"),
            .updateAccount(name: "night clerk", profile: "receptionist"),
            .recordAccess(AccessAttempt(account: "night clerk", at: 5, source: "192.168.1.9", interface: "webadmin", outcome: .wrongPassword)),
            .setPassword(
                PasswordChange(
                    account: "Night Clerk", newPassword: "Other-Pass2", newPasswordHash: "$scrypt$b", matchesRecentPassword: false, mustChangeAtNextLogin: true)
            ),
            .updateProfile(
                AuthorizationProfile(id: "night-desk", name: "Night desk 2", level: .receptionist, areas: [.users: .read], interfaces: [.webAdminAPI])),
            .setAccessControlSettings(AccessControlSettings(idleTimeoutMinutes: 30)),
            .setRemoteMaintenance(.permanent, at: 9),
            .deleteAccount(name: "NIGHT CLERK"),
            .deleteProfile(id: "night-desk"),
        ]
        events = []
        for command in commands { events += try run(command, on: &state) }
        try expectReplay(events, gives: state)
        #expect(try SystemState(canonicalEncoding: state.canonicalEncoding()).stateHash() == state.stateHash())
        #expect(
            !events.contains { $0.canonicalPayload().contains("Other-Pass2") || $0.canonicalPayload().contains("$scrypt$") },
            "no plaintext password and no unsealed hash in any payload")
    }
}
