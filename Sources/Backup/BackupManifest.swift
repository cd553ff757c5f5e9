import Foundation

/// What an archive holds (issue 18, point 1), sealed like every entry but the header, so it is
/// authenticated too: whose system, which build and schemas, when, the log's head with its hash,
/// and the state hash at that head that a restore must reproduce by replaying the archive's log.
public struct BackupManifest: Codable, Sendable, Equatable {
    static let entryName = "manifest.sealed"

    public struct Counts: Codable, Sendable, Equatable {
        public var events: Int64
        public var users: Int
        public var terminals: Int
        public var accounts: Int
    }

    public var systemID: String
    public var systemName: String
    public var softwareVersion: String
    /// ``EventLog/schemaVersion`` of the build that wrote it.
    public var logSchema: Int
    /// `SystemState.snapshotSchema` of that build.
    public var stateSchema: Int
    /// Microseconds since 1970, UTC.
    public var createdAt: Int64
    /// Who made it (an account, `auto-backup`, or `cli` for the offline tool).
    public var createdBy: String
    public var headPosition: Int64
    public var headHash: String
    public var stateHash: String
    public var counts: Counts
    /// Whether the data directory's `secret.key` is inside, so sealed secrets survive a restore.
    public var includesSecretKey: Bool
    /// How the log is carried; absent in the archives of the first builds, which carry records.
    public var logFormat: BackupLogFormat?

    func encoded() throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return Array(try encoder.encode(self))
    }

    static func decode(_ bytes: UnsafeRawBufferPointer) throws(BackupError) -> BackupManifest {
        do {
            return try JSONDecoder().decode(BackupManifest.self, from: Data(bytes))
        } catch {
            throw .malformed("the manifest does not decode: \(error)")
        }
    }
}
