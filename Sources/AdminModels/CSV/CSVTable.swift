/// A configuration area as a spreadsheet holds it: a header row of column names, then one row
/// per entity. The export files of manual §5.6.5 are edited in a spreadsheet and imported
/// again; CSV (RFC 4180) is the form every spreadsheet opens and saves without a plug-in.
///
/// Read with ``init(reading:maximumRows:)`` and written with ``text``; both are pure, so the
/// server and the CLI share them. Row numbers in refusals count the header as row 1, as the
/// spreadsheet shows them.
public struct CSVTable: Sendable, Hashable {
    /// The header row's column names, in the file's order.
    public var columns: [String]
    /// The data rows, each with one cell per column, and its row number in the file (the header
    /// is row 1; blank rows are skipped but still counted, so the number is the spreadsheet's).
    public var rows: [Row]

    public struct Row: Sendable, Hashable {
        /// 1-based, the header being row 1.
        public var number: Int
        public var cells: [String]

        public init(number: Int, cells: [String]) {
            self.number = number
            self.cells = cells
        }
    }

    public init(columns: [String], rows: [Row]) {
        self.columns = columns
        self.rows = rows
    }

    /// A table whose rows are numbered 2, 3 … in the order given, as an export writes them.
    public init(columns: [String], cells: [[String]]) {
        self.init(columns: columns, rows: cells.enumerated().map { Row(number: $0.offset + 2, cells: $0.element) })
    }

    /// The cell of `column` in `row`, or `nil` when the file has no such column.
    public func cell(_ column: String, of row: Row) -> String? {
        columns.firstIndex(of: column).map { row.cells[$0] }
    }

    /// Refuses a header that names a column twice, a column outside `allowed`, or leaves out one
    /// of `required`: an import must not guess what a misspelt column meant.
    public func requireColumns(allowed: [String], required: [String]) throws(CSVRefusal) {
        var seen: Set<String> = []
        for column in columns {
            guard allowed.contains(column) else {
                throw CSVRefusal(row: 1, column: column, rule: "unknown column; the columns are \(allowed.joined(separator: ", "))")
            }
            guard seen.insert(column).inserted else { throw CSVRefusal(row: 1, column: column, rule: "the column is named twice") }
        }
        if let missing = required.first(where: { !seen.contains($0) }) {
            throw CSVRefusal(row: 1, column: missing, rule: "the header lacks this column; required: \(required.joined(separator: ", "))")
        }
    }
}
