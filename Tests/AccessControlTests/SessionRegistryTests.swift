@testable import AccessControl
import Domain
import Testing

@Suite struct SessionRegistryTests {
    static func session(_ account: String, _ level: AuthorizationLevel, at: Int64 = 0) -> AdminSession {
        AdminSession(account: account, level: level, remote: false, interface: "api", source: "127.0.0.1", since: at, lastActivity: at)
    }

    @Test("two administrator places for both administrator levels, five for each other level (§5.1)")
    func places() throws {
        let registry = SessionRegistry()
        _ = try registry.open(Self.session("a", .administrator), idleTimeout: 60, now: 0)
        _ = try registry.open(Self.session("b", .administratorStandard), idleTimeout: 60, now: 0)
        #expect(throws: DomainError.capacityExceeded(.administratorSessions)) {
            _ = try registry.open(Self.session("c", .administrator), idleTimeout: 60, now: 0)
        }
        for index in 1...5 { _ = try registry.open(Self.session("r\(index)", .receptionist), idleTimeout: 60, now: 0) }
        #expect(throws: DomainError.capacityExceeded(.sessionsPerLevel)) {
            _ = try registry.open(Self.session("r6", .receptionist), idleTimeout: 60, now: 0)
        }
        _ = try registry.open(Self.session("s", .systemAssistant), idleTimeout: 60, now: 0)
        // Idle places are free again once the timeout has passed.
        _ = try registry.open(Self.session("c", .administrator), idleTimeout: 60, now: 61)
    }

    @Test("a session that timed out is reported as expired, whoever noticed it first")
    func expiry() throws {
        let registry = SessionRegistry()
        let swept = try registry.open(Self.session("a", .receptionist), idleTimeout: 60, now: 0)
        let touched = try registry.open(Self.session("b", .receptionist), idleTimeout: 60, now: 0)
        guard case .active = registry.touch(touched, idleTimeout: 60, now: 60) else {
            Issue.record("not active at 60 s")
            return
        }
        #expect(registry.sweep(idleTimeout: 60, now: 61).map(\.account) == ["a"])
        guard case .expired(nil) = registry.touch(swept, idleTimeout: 60, now: 62) else {
            Issue.record("swept session not reported expired")
            return
        }
        guard case .expired(let ended?) = registry.touch(touched, idleTimeout: 60, now: 121), ended.account == "b" else {
            Issue.record("idle session not expired")
            return
        }
        guard case .unknown = registry.touch("made-up", idleTimeout: 60, now: 122) else {
            Issue.record("unknown token accepted")
            return
        }
        #expect(registry.close(touched) == nil)
    }
}
