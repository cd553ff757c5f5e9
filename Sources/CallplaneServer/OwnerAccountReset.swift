import AccessControl
import ControlPlane
import Domain
import EventLog
import Foundation
import Logging

/// `callplane accounts reset --data-dir DIR NAME`: the machine owner's way back into an account
/// that is blocked or whose password is lost (issue 13, point 15). The manual's lock-out stays
/// (15 wrong passwords block an account, §5.3.1.3), and by default no other account may reset
/// `admin`; whoever can write the data directory — the owner of the machine — can.
///
/// It works on the log directly, with the server stopped (it refuses while a server holds the
/// directory, ``DataDirectoryLock``): the state is folded from the log, the
/// new password is checked, hashed and sealed with the data directory's key, and the change is
/// appended as any password change is, by `actor` from the source `local-cli`.
public enum OwnerAccountReset {
    public static let source = "local-cli"

    /// - Returns: the position of the change in the log.
    public static func reset(account name: String, password: String, settings: ServerSettings, actor: String, logger: Logger) async throws -> Int64 {
        guard FileManager.default.fileExists(atPath: settings.databasePath) else {
            throw ServerSettingsError(setting: ServerSettings.Key.dataDirectory, rule: "no Callplane database at \(settings.databasePath)")
        }
        guard FileManager.default.fileExists(atPath: settings.resolvedSecretKeyFile) else {
            throw ServerSettingsError(
                setting: ServerSettings.Key.secretKeyFile,
                rule: "no key at \(settings.resolvedSecretKeyFile): the passwords in this log cannot be opened without it")
        }
        // Refused while the server runs on the directory: it would not see the change until its
        // next start, and its own writes would race this one.
        let directoryLock = try DataDirectoryLock(dataDirectory: settings.dataDirectory)
        defer { withExtendedLifetime(directoryLock) {} }
        let key = try SecretKeyFile.loadOrCreate(at: settings.resolvedSecretKeyFile)
        let sealing = try SecretBox(key: key)
        let log = try EventLog.open(path: settings.databasePath, integrityKey: LogIntegrityKey(secret: key))
        do {
            let projection = try StateProjection(log: log, snapshotInterval: 0, logger: logger)
            let following = Task { await projection.run() }
            defer { following.cancel() }
            let access = UserAccessControl(
                pipeline: CommandPipeline(log: log, state: projection.current.state, sealing: sealing), projection: projection,
                clock: SystemWallClock(), sealing: sealing, hasher: PasswordHasher(), logger: logger)
            let outcome = try await access.resetPassword(of: name, to: password, origin: CommandOrigin(actor: actor, source: source))
            await log.close()
            return outcome.position
        } catch {
            await log.close()
            throw error
        }
    }
}
