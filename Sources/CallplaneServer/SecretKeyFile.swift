import Domain
import Foundation

/// The key that seals secrets in the log. It lives in its own file beside the database, not in
/// it, so a copy of the database alone reveals no password; a backup has to carry both.
public enum SecretKeyFile {
    /// Reads the key without ever creating one (the offline checks: a key made up now would
    /// authenticate nothing); `nil` when there is no file.
    public static func loadExisting(at path: String) throws -> [UInt8]? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        return try loadOrCreate(at: path)
    }

    /// Reads the key, creating a fresh random one (mode 0600) the first time.
    static func loadOrCreate(at path: String) throws -> [UInt8] {
        let manager = FileManager.default
        if let text = manager.contents(atPath: path) {
            guard let key = Data(base64Encoded: String(decoding: text, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)),
                key.count == 32
            else {
                throw ServerSettingsError(setting: ServerSettings.Key.secretKeyFile, rule: "\(path) must hold a base64-encoded 32-byte key")
            }
            return Array(key)
        }
        let key = SecretBox.generateKey()
        let text = Data((Data(key).base64EncodedString() + "\n").utf8)
        guard manager.createFile(atPath: path, contents: text, attributes: [.posixPermissions: 0o600]) else {
            throw ServerSettingsError(setting: ServerSettings.Key.secretKeyFile, rule: "could not create \(path)")
        }
        return key
    }
}
