import ControlPlane
import Domain
import Foundation

extension UserAccessControl {
    /// Sets an account's password (manual §5.3.1.3). The account itself must give its current
    /// password; anyone else needs the user access control right, and then the owner must
    /// change it at the next login. The slow parts — checking the current password and the
    /// last four, hashing the new one — run before the command, which then expects the
    /// account's version they were checked against, so a concurrent change is caught.
    public func setPassword(
        of name: String, to newPassword: String, currentPassword: String?,
        by caller: AuthenticatedCaller, origin: CommandOrigin
    ) async throws -> CommandOutcome {
        let state = self.state
        guard let account = state.accessControl.account(named: name) else { throw DomainError.notFound("account", name) }
        let own = account.key == caller.account.key
        if !own && !caller.profile.grants(.area(.userAccessControl, .write)) {
            throw AccessDenied.forbidden(.area(.userAccessControl, .write))
        }
        if own {
            guard let currentPassword, let encoded = account.currentPasswordHash,
                await hasher.verify(currentPassword, against: try sealing.open(encoded))
            else {
                throw AccessDenied.wrongPassword
            }
        }
        return try await change(account, to: newPassword, own: own, origin: origin, in: state)
    }

    /// The machine owner's way back into an account (issue 13, point 15): sets a new password
    /// without a caller, which also reactivates the account if it is blocked (§5.3.1.3), and the
    /// owner of the account must change it at the next login. Only the offline
    /// `callplane accounts reset --data-dir` calls this: access to the data directory is the
    /// trust boundary, and the log records it with the source `local-cli`.
    public func resetPassword(of name: String, to newPassword: String, origin: CommandOrigin) async throws -> CommandOutcome {
        let state = self.state
        guard let account = state.accessControl.account(named: name) else { throw DomainError.notFound("account", name) }
        return try await change(account, to: newPassword, own: false, origin: origin, in: state)
    }

    private func change(_ account: UserAccount, to newPassword: String, own: Bool, origin: CommandOrigin, in state: SystemState) async throws -> CommandOutcome
    {
        try PasswordPolicy.check(newPassword, accountName: account.name)
        var reused = false
        for sealed in account.passwordHashes where await hasher.verify(newPassword, against: try sealing.open(sealed)) {
            reused = true
            break
        }
        let hash = reused ? "" : await hasher.hash(newPassword)
        let change = PasswordChange(
            account: account.name, newPassword: newPassword, newPasswordHash: hash,
            matchesRecentPassword: reused, mustChangeAtNextLogin: !own)
        let version = state.version(ofStream: DomainEvent.accountStream(account.name))
        let outcome = try await pipeline.execute(.setPassword(change), origin: origin, expectedVersion: version)
        await projection.waitUntil(position: outcome.position)
        // Someone else chose this password: sessions opened with the old one end.
        if !own { sessions.closeAll(of: account.key) }
        return outcome
    }

    /// A new account; its first password is checked against the syntax rules before the slow
    /// hash, so a bad one is refused at once.
    public func createAccount(
        name: String, profile: String, password: String, origin: CommandOrigin,
        idempotencyKey: IdempotencyKey?
    ) async throws -> CommandOutcome {
        try PasswordPolicy.check(password, accountName: name)
        let hash = await hasher.hash(password)
        let outcome = try await pipeline.execute(
            .createAccount(AccountDraft(name: name, profile: profile, password: password, passwordHash: hash)),
            origin: origin, idempotencyKey: idempotencyKey
        )
        await projection.waitUntil(position: outcome.position)
        return outcome
    }

    /// Ends the sessions of a deleted account at once rather than at their next request.
    public func accountRemoved(_ name: String) {
        sessions.closeAll(of: UserAccount.key(name))
    }
}
