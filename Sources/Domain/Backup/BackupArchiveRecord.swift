/// A backup archive as the log records its making or its deletion (manual §5.6.4): where it is
/// in the data directory's `backup/` and, when made, what it holds. An administrator's manual
/// backup or deletion is recorded with their account and address like any other change; the auto
/// backup's runs are recorded as the system's, so the log itself says when the last backup was.
public struct BackupArchiveRecord: Sendable, Hashable, Codable {
    /// `manual`, `day`, `week` or `month`.
    public var folder: String
    public var name: String
    /// The log position the archive ends at; absent on a deletion.
    public var headPosition: Int64?
    /// The archive's size in bytes; absent on a deletion.
    public var bytes: Int64?

    public init(folder: String, name: String, headPosition: Int64? = nil, bytes: Int64? = nil) {
        self.folder = folder
        self.name = name
        self.headPosition = headPosition
        self.bytes = bytes
    }
}
