/// `GET /api/v1/event-tables/{table}`: the table's row for every event type of the catalogue,
/// and the destinations that use the table.
public struct EventTableView: Codable, Sendable, Hashable, JSONWritable {
    public var table: Int
    public var destinations: [String]
    public var rows: [EventTableRowView]
    public var version: Int64

    public init(table: Int, destinations: [String], rows: [EventTableRowView], version: Int64) {
        self.table = table
        self.destinations = destinations
        self.rows = rows
        self.version = version
    }

    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.member("destinations", destinations)
        writer.member("rows", rows)
        writer.member("table", table)
        writer.member("version", version)
        writer.endObject()
    }
}
