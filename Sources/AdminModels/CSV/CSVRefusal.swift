/// Why a CSV file was not read: where (the row as the spreadsheet numbers it, the header being
/// row 1, and the column's name, or `column 5` beyond the header) and which rule, so the
/// administrator can find the cell in the spreadsheet and fix it.
public struct CSVRefusal: Error, Sendable, Hashable, CustomStringConvertible {
    public var row: Int
    /// The column's header name; `nil` when the refusal is about the whole row (too many rows).
    public var column: String?
    public var rule: String

    public init(row: Int, column: String?, rule: String) {
        self.row = row
        self.column = column
        self.rule = rule
    }

    public var description: String {
        "row \(row)\(column.map { ", column \($0)" } ?? ""): \(rule)"
    }
}
