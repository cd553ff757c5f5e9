/// Why a backup could not be made, or an archive was refused. Each case names the rule; a refused
/// archive has changed nothing (issue 18, "Done when": each failure has its own message).
public enum BackupError: Error, Sendable, Equatable, CustomStringConvertible {
    case passphraseTooShort(minimum: Int)
    case keyFileInvalid(bytes: Int)
    case keyMissing(String)
    /// The passphrase or key file is not the archive's.
    case wrongKey(String)
    /// Not a Callplane archive, or one whose structure is damaged.
    case malformed(String)
    /// The archive ends early: an entry lacks its final chunk, or an entry is missing.
    case truncated(String)
    /// An entry fails authentication: a byte of the archive was changed.
    case tampered(String)
    case newerSchema(String)
    /// A valid archive of another system; restored only when forced.
    case otherSystem(archive: String, current: String)
    /// The archive's log does not verify (chain, head) or does not replay to its manifest's state.
    case verificationFailed(String)
    case storage(String)
    /// A restore is verified and waits for the server's restart to swap the files in.
    case restorePending

    /// Stable and machine-readable, for the API's error body.
    public var code: String {
        switch self {
        case .passphraseTooShort: "passphrase_too_short"
        case .keyFileInvalid: "key_file_invalid"
        case .keyMissing: "key_missing"
        case .wrongKey: "wrong_key"
        case .malformed: "malformed"
        case .truncated: "truncated"
        case .tampered: "tampered"
        case .newerSchema: "newer_schema"
        case .otherSystem: "other_system"
        case .verificationFailed: "verification_failed"
        case .storage: "storage"
        case .restorePending: "restore_pending"
        }
    }

    public var description: String {
        switch self {
        case let .passphraseTooShort(minimum): "backup passphrase: at least \(minimum) characters"
        case let .keyFileInvalid(bytes): "backup key file: 32 bytes, raw or as 64 hexadecimal digits (this one has \(bytes) bytes)"
        case let .keyMissing(reason): "backup key: \(reason)"
        case let .wrongKey(reason): "wrong backup key: \(reason)"
        case let .malformed(reason): "not a readable Callplane backup: \(reason)"
        case let .truncated(reason): "the backup is truncated: \(reason)"
        case let .tampered(reason): "the backup was changed or damaged: \(reason)"
        case let .newerSchema(reason): "the backup is from a newer Callplane: \(reason)"
        case let .otherSystem(archive, current):
            "the backup is of another system (system id \(archive.isEmpty ? "none" : archive), this one \(current.isEmpty ? "none" : current)); restore it with --force"
        case let .verificationFailed(reason): "the backup does not verify: \(reason)"
        case let .storage(reason): "backup storage: \(reason)"
        case .restorePending: "a restore is already verified and waits for the restart that puts it in place"
        }
    }
}
