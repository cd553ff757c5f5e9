import Domain
import Crypto
import EventLog
import Foundation
import _CryptoExtras

/// The AES-256 key every entry of a backup is sealed with (issue 18, point 1), from a backup
/// passphrase through scrypt or from a key file, with what the archive must record to derive
/// it again.
public struct BackupKey: Sendable {
    /// The raw key; `SymmetricKey` is not `Sendable` in this swift-crypto, so it is rebuilt when used.
    private let keyBytes: [UInt8]
    public let derivation: BackupKeyDerivation
    var key: SymmetricKey { SymmetricKey(data: keyBytes) }

    private init(key: SymmetricKey, derivation: BackupKeyDerivation) {
        keyBytes = key.withUnsafeBytes { Array($0) }
        self.derivation = derivation
    }

    /// scrypt N = 2^15, r = 8, p = 1, as for passwords: 32 MiB and a fraction of a second once
    /// per backup or restore, and as costly per guess to anyone holding a stolen archive.
    public static let standardLogN = 15
    /// A passphrase shorter than this is refused: the archive leaves the machine (FTP, e-mail),
    /// so its passphrase is all that protects the configuration and the secret key inside.
    public static let minimumPassphraseLength = CapacityLimit.backupPassphraseLength.min

    /// A new key from `passphrase` with a fresh random salt, for writing an archive.
    public static func newPassphraseKey(_ passphrase: String, logN: Int = standardLogN) throws(BackupError) -> BackupKey {
        guard passphrase.count >= minimumPassphraseLength else {
            throw .passphraseTooShort(minimum: minimumPassphraseLength)
        }
        let salt = SymmetricKey(size: .bits128).withUnsafeBytes { Array($0) }
        return try derive(passphrase: passphrase, as: .scrypt(salt: salt, logN: logN, blockSize: 8, parallelism: 1))
    }

    /// The key from a key file: 32 bytes, raw or as 64 hexadecimal digits (whitespace around them
    /// ignored). Its fingerprint is recorded so the wrong file is named as such.
    public static func fromKeyFile(_ contents: [UInt8]) throws(BackupError) -> BackupKey {
        var bytes = contents
        let text = String(decoding: contents, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        if text.count == 64, let decoded = Hexadecimal.bytes(text) { bytes = decoded }
        guard bytes.count == 32 else { throw .keyFileInvalid(bytes: contents.count) }
        let key = SymmetricKey(data: bytes)
        return BackupKey(key: key, derivation: .keyFile(fingerprint: Self.fingerprint(of: key)))
    }

    /// The key an archive's recorded derivation gives for `passphrase` (scrypt) or `keyFile`.
    public static func derive(
        for derivation: BackupKeyDerivation, passphrase: String?, keyFile: [UInt8]?
    ) throws(BackupError) -> BackupKey {
        switch derivation {
        case .scrypt:
            guard let passphrase else { throw .keyMissing("the archive was sealed with a passphrase; give one") }
            return try derive(passphrase: passphrase, as: derivation)
        case .keyFile(let fingerprint):
            guard let keyFile else { throw .keyMissing("the archive was sealed with a key file; give it") }
            let key = try fromKeyFile(keyFile)
            guard case .keyFile(let given) = key.derivation, given == fingerprint else {
                throw .wrongKey("the key file is not the one the archive was sealed with")
            }
            return key
        }
    }

    private static func derive(passphrase: String, as derivation: BackupKeyDerivation) throws(BackupError) -> BackupKey {
        guard case let .scrypt(salt, logN, blockSize, parallelism) = derivation else { preconditionFailure("scrypt only") }
        guard (10...20).contains(logN), (1...16).contains(blockSize), (1...4).contains(parallelism), salt.count >= 16 else {
            throw .malformed("the archive's scrypt parameters are out of range (ln \(logN), r \(blockSize), p \(parallelism))")
        }
        do {
            let key = try KDF.Scrypt.deriveKey(
                from: Array(passphrase.utf8), salt: salt, outputByteCount: 32, rounds: 1 << logN, blockSize: blockSize, parallelism: parallelism)
            return BackupKey(key: key, derivation: derivation)
        } catch {
            throw .malformed("scrypt refused the archive's parameters: \(error)")
        }
    }

    /// A value that shows whether a key is the archive's without decrypting anything, so a wrong
    /// passphrase is told apart from a changed archive. It is no help to a guesser: each guess
    /// still costs an scrypt derivation.
    var check: String {
        let mac = HMAC<SHA256>.authenticationCode(for: Array("callplane-backup key check".utf8), using: key)
        return Hexadecimal.lowercase(Array(mac).prefix(16))
    }

    static func fingerprint(of key: SymmetricKey) -> String {
        let digest = key.withUnsafeBytes { SHA256.hash(data: Array("callplane-backup key file".utf8) + Array($0)) }
        return Hexadecimal.lowercase(Array(digest).prefix(8))
    }
}
