/// `POST /api/v1/users/import`, `POST /api/v1/terminals/import`: every data row of the file
/// with what it changes. A dry run answers the same list and appends nothing.
public struct ImportReportView: Codable, Sendable, Hashable, JSONWritable {
    public var dryRun: Bool
    /// After an import, the log position of its last event (the head when nothing changed);
    /// for a dry run, the head the rows were checked against.
    public var position: Int64
    public var rows: [ImportRowView]

    public init(dryRun: Bool, position: Int64, rows: [ImportRowView]) {
        self.dryRun = dryRun
        self.position = position
        self.rows = rows
    }

    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.member("dryRun", dryRun)
        writer.member("position", position)
        writer.member("rows", rows)
        writer.endObject()
    }
}
