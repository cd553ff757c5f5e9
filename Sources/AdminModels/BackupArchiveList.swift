/// `GET /api/v1/backups`: every archive, newest first.
public struct BackupArchiveList: Codable, Sendable, Hashable, JSONWritable {
    public var backups: [BackupArchiveView]

    public init(backups: [BackupArchiveView]) {
        self.backups = backups
    }

    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("backups")
        writer.array(backups)
        writer.endObject()
    }
}
