import Domain
import EventLog
import Foundation

/// The key that seals secrets in the log. It lives in its own file beside the database, not in
/// it, so a copy of the database alone reveals no password; a backup has to carry both.
public enum SecretKeyFile {
    /// Reads the key without ever creating one (the offline checks: a key made up now would
    /// authenticate nothing); `nil` when there is no file.
    /// It changes nothing, not even the file's mode: the offline tools only look.
    public static func loadExisting(at path: String) throws -> [UInt8]? {
        guard let text = FileManager.default.contents(atPath: path) else { return nil }
        guard let key = Data(base64Encoded: String(decoding: text, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)),
            key.count == 32
        else {
            throw ServerSettingsError(setting: ServerSettings.Key.secretKeyFile, rule: "\(path) must hold a base64-encoded 32-byte key")
        }
        return Array(key)
    }

    /// The key for the server's start: the one on disk, or a new one for a new log. A log that
    /// already holds events had its secrets (at least the first administrator's password)
    /// sealed under a key; if that key is gone, a new one would open none of them — logins
    /// would fail with 500 and the integrity check would take the old witnesses for forgeries.
    /// So the server refuses to start, naming the file, and changes nothing (issue 14, point 9).
    static func loadForServer(at path: String, databasePath: String) async throws -> [UInt8] {
        if !FileManager.default.fileExists(atPath: path), FileManager.default.fileExists(atPath: databasePath) {
            let log = try EventLog.open(path: databasePath, mode: .readOnly)
            let head = log.head
            await log.close()
            if head > 0 {
                throw ServerSettingsError(
                    setting: ServerSettings.Key.secretKeyFile,
                    rule: "\(path) is missing, but the log \(databasePath) holds \(head) events whose secrets were sealed under it: "
                        + "put back the secret.key kept with the backup of callplane.sqlite (a new key would open none of them)")
            }
        }
        return try loadOrCreate(at: path)
    }

    /// Reads the key, creating a fresh random one (mode 0600) the first time.
    ///
    /// An existing key readable by others (copied back from a backup, or left by an older
    /// install) is made owner-only before it is used, as the database files are: the key opens
    /// every sealed secret (issue 14, point 9).
    static func loadOrCreate(at path: String) throws -> [UInt8] {
        if let key = try loadExisting(at: path) {
            try makeOwnerOnly(path)
            return key
        }
        let key = SecretBox.generateKey()
        let text = Data((Data(key).base64EncodedString() + "\n").utf8)
        guard FileManager.default.createFile(atPath: path, contents: text, attributes: [.posixPermissions: 0o600]) else {
            throw ServerSettingsError(setting: ServerSettings.Key.secretKeyFile, rule: "could not create \(path)")
        }
        return key
    }

    private static func makeOwnerOnly(_ path: String) throws {
        let mode = (try? FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) ?? 0
        guard mode & 0o077 != 0 else { return }
        do {
            try FileManager.default.setAttributes([.posixPermissions: mode & 0o700], ofItemAtPath: path)
        } catch {
            throw ServerSettingsError(
                setting: ServerSettings.Key.secretKeyFile,
                rule: "\(path) is readable by others (mode \(String(mode, radix: 8))) and could not be made owner-only: \(error)")
        }
    }
}
