import Domain

/// An archive that passed every check of a restore's first half (issue 18, point 5): its log is
/// written into a new file beside the data directory's, not yet in place.
public struct VerifiedBackup: Sendable {
    public let manifest: BackupManifest
    /// The state replayed from the archive's log; its hash is the manifest's.
    public let state: SystemState
    /// The contents of the server's `secret.key` from the archive, when it carries one.
    public let secretKeyFile: [UInt8]?
    /// The archive's log (a new SQLite file), or nil when only verified.
    public let importedLog: String?
}
