import EventLog
import Foundation

/// The log's record of a restore (issue 18, point 5): who restored which backup, and what it
/// brought back. A fact about the system, not a configuration change: the state's fold skips its
/// type, so the restored state still hashes to the manifest's after it, and nothing is decided
/// against it.
public struct RestoreRecord: Codable, Sendable, Equatable {
    public static let type = "backup.restored"
    public static let stream = "backup"

    /// The archive's file name.
    public var archive: String
    /// When and by whom the backup was made.
    public var backupCreatedAt: Int64
    public var backupCreatedBy: String
    public var systemId: String
    /// The restored head, its hash and the state hash there.
    public var head: Int64
    public var headHash: String
    public var stateHash: String
    /// Restored onto a system of another id (`--force`).
    public var forced: Bool

    public init(archive: String, manifest: BackupManifest, forced: Bool) {
        self.archive = archive
        backupCreatedAt = manifest.createdAt
        backupCreatedBy = manifest.createdBy
        systemId = manifest.systemID
        head = manifest.headPosition
        headHash = manifest.headHash
        stateHash = manifest.stateHash
        self.forced = forced
    }

    /// The event, with sorted keys and no white space like every payload of the log.
    public func proposed(actor: String, source: String) throws -> ProposedEvent {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return ProposedEvent(
            stream: Self.stream, type: Self.type, actor: actor, source: source, payload: String(decoding: try encoder.encode(self), as: UTF8.self))
    }
}
