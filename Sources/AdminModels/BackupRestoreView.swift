/// `POST /api/v1/backups/{folder}/{name}/restore`: the archive verified and staged. The server
/// restarts right after this answer (manual §5.6.4.4) and comes back on the restored state.
public struct BackupRestoreView: Codable, Sendable, Hashable, JSONWritable {
    public var folder: String
    public var name: String
    public var systemId: String
    /// When the archive was made, µs since the epoch.
    public var createdAt: Int64
    public var headPosition: Int64
    /// The state hash the restored server will answer at `headPosition` (verified by replay).
    public var stateHash: String
    public var restarting: Bool

    public init(folder: String, name: String, systemId: String, createdAt: Int64, headPosition: Int64, stateHash: String) {
        self.folder = folder
        self.name = name
        self.systemId = systemId
        self.createdAt = createdAt
        self.headPosition = headPosition
        self.stateHash = stateHash
        restarting = true
    }

    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.member("createdAt", createdAt)
        writer.member("folder", folder)
        writer.member("headPosition", headPosition)
        writer.member("name", name)
        writer.member("restarting", restarting)
        writer.member("stateHash", stateHash)
        writer.member("systemId", systemId)
        writer.endObject()
    }
}
