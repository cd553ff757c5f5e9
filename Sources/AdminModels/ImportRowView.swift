/// One data row of an imported export file and what it does (or, in a dry run, would do).
public struct ImportRowView: Codable, Sendable, Hashable, JSONWritable {
    /// The row as the spreadsheet numbers it; the header is row 1.
    public var row: Int
    /// `create`, `update` or `unchanged`.
    public var action: String
    /// The entity's key: a user's call number, a terminal's id (for a terminal a dry run
    /// creates, the id it would get).
    public var key: String
    /// The columns whose values change, in the sheet's column order; all set columns for a
    /// creation, none when unchanged.
    public var changes: [String]

    public init(row: Int, action: String, key: String, changes: [String]) {
        self.row = row
        self.action = action
        self.key = key
        self.changes = changes
    }

    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.member("action", action)
        writer.member("changes", changes)
        writer.member("key", key)
        writer.member("row", row)
        writer.endObject()
    }
}
