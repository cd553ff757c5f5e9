import ControlPlane
import Domain
import EventLog
import Foundation
import Logging

/// User access control (manual §5.3): logins, sessions, the rights check of every request,
/// passwords and lock-out. Everything that changes state goes through the command pipeline as
/// events — access attempts included, so the access log and the lock-out replay exactly —
/// while sessions live in memory only.
public final class UserAccessControl: Sendable {
    let pipeline: CommandPipeline
    let projection: StateProjection
    let clock: any WallClock
    /// Opens the sealed hashes of the state; the same key the pipeline seals them with.
    let sealing: any SecretSealing
    public let hasher: PasswordHasher
    let sessions = SessionRegistry()
    /// Failed logins slow their source and account down before anything is hashed or recorded.
    let throttle: LoginThrottle
    let logger: Logger
    /// Verified when the account does not exist, so an unknown name costs the same time as a
    /// wrong password and does not reveal which names exist.
    private let decoyHash: String

    public init(
        pipeline: CommandPipeline, projection: StateProjection, clock: any WallClock, sealing: any SecretSealing,
        hasher: PasswordHasher, throttle: LoginThrottle = LoginThrottle(), logger: Logger
    ) {
        self.throttle = throttle
        self.pipeline = pipeline
        self.sealing = sealing
        self.projection = projection
        self.clock = clock
        self.hasher = hasher
        self.logger = logger
        decoyHash = PasswordHasher.decoy(cost: hasher.cost)
    }

    var state: SystemState { projection.current.state }

    /// First start: creates `admin` / `password` (manual Tab. 22). Does nothing once any
    /// account exists. Runs before the projection follows the log, so it does not wait for the
    /// state to show the account; the server reports ready only once it does.
    public func bootstrapIfNeeded() async throws {
        guard state.accessControl.accounts.isEmpty else { return }
        let hash = await hasher.hash(PasswordPolicy.defaultPassword)
        let outcome = try await pipeline.execute(
            .bootstrapAccessControl(adminPasswordHash: hash), origin: CommandOrigin(actor: "system", source: "first-start"))
        if outcome.changed {
            logger.notice("first start: created account \(SystemState.defaultAccountName) with the default password; it must be changed at the first login")
        }
    }

    /// The idle timeout in µs.
    var idleTimeout: Int64 { Int64(state.accessControl.settings.idleTimeoutMinutes) * 60_000_000 }

    /// Logs in (manual §5.3). Every attempt on an existing account is recorded in its access
    /// log (§5.3.3), except a remote one while remote maintenance is barred (§5.3.3: "an entry
    /// will not be generated if remote maintenance is barred").
    public func login(name: String, password: String, interface: String, address: String) async throws -> AuthenticatedCaller {
        let remote = interface == "remote" || !LocalNetworks.contains(address)
        let checked = try await checkCredentials(name: name, password: password, interface: interface, address: address) { state in
            if remote && !state.accessControl.remoteMaintenance.isEnabled { throw AccessDenied.remoteMaintenanceBarred }
        }
        let (account, profile) = (checked.account, checked.profile)
        let needed: InterfaceRight = remote ? .remoteMaintenance : .webAdminAPI
        guard profile.interfaces.contains(.webAdminAPI), profile.interfaces.contains(needed) else {
            try await checked.record(.interfaceNotPermitted)
            throw AccessDenied.interfaceNotPermitted(profile.interfaces.contains(.webAdminAPI) ? needed : .webAdminAPI)
        }
        let now = clock.now()
        let session = AdminSession(
            account: account.key, level: profile.level, remote: remote, interface: interface,
            source: address, since: now, lastActivity: now)
        let token: String
        do {
            token = try sessions.open(session, idleTimeout: idleTimeout, now: now)
        } catch {
            try await checked.record(.sessionLimit)
            throw error
        }
        try await checked.record(.ok)
        guard let current = self.state.accessControl.accounts[account.key] else { throw AccessDenied.loginFailed }
        return AuthenticatedCaller(token: token, session: session, account: current, profile: profile)
    }

    /// The logon of an outside application over its own interface (the alarm server over ATAS,
    /// manual §2.7.2.2): the same credentials, lock-out, throttle and access log as a login
    /// (§5.3.3, with `interface` naming the way in), but the profile must grant `right` instead
    /// of the WebAdmin interface, and no API session is opened — the connection is the session.
    /// Remote maintenance does not apply: such an interface is opened by an administrator for a
    /// system they name, not by a technician dialling in.
    ///
    /// - Returns: the account as it is after the logon was recorded.
    public func logon(name: String, password: String, interface: String, right: InterfaceRight, address: String) async throws -> UserAccount {
        let checked = try await checkCredentials(name: name, password: password, interface: interface, address: address) { _ in }
        guard checked.profile.interfaces.contains(right) else {
            try await checked.record(.interfaceNotPermitted)
            throw AccessDenied.interfaceNotPermitted(right)
        }
        if checked.account.mustChangePassword {
            try await checked.record(.passwordChangeRequired)
            throw AccessDenied.passwordChangeRequired(account: checked.account.name)
        }
        try await checked.record(.ok)
        guard let current = self.state.accessControl.accounts[checked.account.key] else { throw AccessDenied.loginFailed }
        return current
    }

    /// An account whose password was accepted, and how to record the attempt's outcome in its
    /// access log.
    struct CheckedCredentials {
        let account: UserAccount
        let profile: AuthorizationProfile
        let record: (AccessAttempt.Outcome) async throws -> Void
    }

    /// The part every way in shares: the throttle, the account, the lock-out (one answer for a
    /// blocked account whatever the password, before it is checked: a different answer for the
    /// right one would let guessing go on, issue 13, point 16) and the password. `admit` may
    /// refuse the attempt before anything is recorded.
    private func checkCredentials(
        name: String, password: String, interface: String, address: String, admit: (SystemState) throws -> Void
    ) async throws -> CheckedCredentials {
        if let wait = throttle.admit(source: address, account: name, now: clock.now()) {
            throw AccessDenied.tooManyAttempts(retryAfterSeconds: Int((wait + 999_999) / 1_000_000))
        }
        var passwordAccepted = false
        defer { throttle.finished(source: address, account: name, succeeded: passwordAccepted, now: clock.now()) }
        let state = self.state
        guard let account = state.accessControl.account(named: name), let encoded = account.currentPasswordHash,
            let profile = state.accessControl.profile(account.profile)
        else {
            _ = await hasher.verify(password, against: decoyHash)
            throw AccessDenied.loginFailed
        }
        try admit(state)
        let source = "\(address)/\(interface)"
        let record: (AccessAttempt.Outcome) async throws -> Void = { [pipeline, projection, clock] outcome in
            let attempt = AccessAttempt(account: account.key, at: clock.now(), source: address, interface: interface, outcome: outcome)
            let appended = try await pipeline.execute(
                .recordAccess(attempt), origin: CommandOrigin(actor: outcome == .ok ? account.name : "anonymous", source: source))
            await projection.waitUntil(position: appended.position)
        }
        if account.blocked {
            try await record(.blocked)
            throw AccessDenied.accountBlocked(account: account.name)
        }
        let hash = try sealing.open(encoded)
        guard await hasher.verify(password, against: hash) else {
            try await record(.wrongPassword)
            throw AccessDenied.loginFailed
        }
        // The lock-out is read again after the slow check: failures recorded meanwhile count.
        if self.state.accessControl.accounts[account.key]?.blocked ?? true {
            try await record(.blocked)
            throw AccessDenied.accountBlocked(account: account.name)
        }
        passwordAccepted = true
        return CheckedCredentials(account: account, profile: profile, record: record)
    }

    /// Checks a request's token and the right its operation needs. Operations that need no
    /// more than `authenticated` (the own session, the own password) stay open while the
    /// password must be changed; everything else waits for the change (§5.3.1.1).
    public func authorize(token: String?, for right: AccessRight) async throws -> AuthenticatedCaller {
        await endIdleSessions()
        guard let token, !token.isEmpty else { throw AccessDenied.unauthenticated }
        let now = clock.now()
        let session: AdminSession
        switch sessions.touch(token, idleTimeout: idleTimeout, now: now) {
        case .unknown:
            throw AccessDenied.unauthenticated
        case .expired(let ended):
            if let ended { await sessionEnded(ended) }
            throw AccessDenied.sessionExpired(minutes: state.accessControl.settings.idleTimeoutMinutes)
        case .active(let active):
            session = active
        }
        let state = self.state
        guard let account = state.accessControl.accounts[session.account], let profile = state.accessControl.profile(account.profile) else {
            _ = sessions.close(token)
            throw AccessDenied.unauthenticated
        }
        if account.mustChangePassword && right != .authenticated {
            throw AccessDenied.passwordChangeRequired(account: account.name)
        }
        guard profile.grants(right) else { throw AccessDenied.forbidden(right) }
        return AuthenticatedCaller(token: token, session: session, account: account, profile: profile)
    }

    /// Ends the caller's session.
    public func logout(_ caller: AuthenticatedCaller) async {
        if let session = sessions.close(caller.token) { await sessionEnded(session) }
    }

    /// Ends every session opened from `source` — the way in of a remote maintenance session
    /// through the SRM server, which ended — and with them a one-off enabling (§5.4.2).
    public func endSessions(from source: String) async {
        for session in sessions.closeAll(from: source) { await sessionEnded(session) }
    }

    /// Ends sessions idle past the timeout (§5.3.2); called on every request and by the server
    /// on its clock, so a one-off remote maintenance closes even if nobody calls.
    public func endIdleSessions() async {
        for session in sessions.sweep(idleTimeout: idleTimeout, now: clock.now()) {
            await sessionEnded(session)
        }
    }

    /// §5.4.2: a one-off enabling (`*754`) bars access again once the remote session is over.
    private func sessionEnded(_ session: AdminSession) async {
        guard session.remote, state.accessControl.remoteMaintenance == .oneOff else { return }
        do {
            let outcome = try await pipeline.execute(
                .setRemoteMaintenance(.barred, at: clock.now()),
                origin: CommandOrigin(actor: "system", source: "remote-session-end"))
            await projection.waitUntil(position: outcome.position)
        } catch {
            logger.error("could not bar remote maintenance after the one-off session", metadata: ["error": "\(error)"])
        }
    }
}
