/// One backup archive in the data directory's `backup/` (manual §5.6.4: the view lists "the
/// automatically and manually created backup files").
public struct BackupArchiveView: Codable, Sendable, Hashable, JSONWritable {
    /// `manual`, `day`, `week` or `month`.
    public var folder: String
    public var name: String
    public var bytes: Int64
    /// When the file was written, µs since the epoch.
    public var modifiedAt: Int64
    /// Where to download it.
    public var href: String

    public init(folder: String, name: String, bytes: Int64, modifiedAt: Int64) {
        self.folder = folder
        self.name = name
        self.bytes = bytes
        self.modifiedAt = modifiedAt
        href = "/api/v1/backups/\(folder)/\(name)"
    }

    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.member("bytes", bytes)
        writer.member("folder", folder)
        writer.member("href", href)
        writer.member("modifiedAt", modifiedAt)
        writer.member("name", name)
        writer.endObject()
    }
}
