extension CSVTable {
    /// Reads a CSV file as RFC 4180 describes it, with what spreadsheets add: rows end with CRLF,
    /// LF or CR; a UTF-8 byte order mark before the header is skipped; rows with no text in any
    /// cell (a spreadsheet's trailing `,,,`) are skipped but keep their number.
    ///
    /// The header's names are trimmed of surrounding spaces, cells are taken as they are,
    /// except that a cell written with the formula guard (``text``) loses that one leading `'`.
    ///
    /// - Parameter maximumRows: data rows accepted; the configuration area's capacity
    ///   (1,200 users, manual Tab. 13), so an oversized file is refused while it is read.
    /// - Throws: ``CSVRefusal`` naming the row and column of the first fault: an unterminated
    ///   quoted cell (the row where it opened), a quote inside an unquoted cell, text after a
    ///   closing quote, a row with more or fewer cells than the header, bytes that are not UTF-8,
    ///   an empty file or a header column without a name, more rows than `maximumRows`.
    public init(reading bytes: [UInt8], maximumRows: Int) throws(CSVRefusal) {
        var reader = CSVRecordReader(bytes: bytes, maximumRecords: maximumRows + 1)
        let records = try reader.records()
        guard let header = records.first, header.fields.contains(where: { !$0.isEmpty }) else {
            throw CSVRefusal(row: 1, column: nil, rule: "the first row must name the columns")
        }
        var columns: [String] = []
        for (index, field) in header.fields.enumerated() {
            let name = try Self.text(field, row: 1, column: "column \(index + 1)").trimmingSpaces
            guard !name.isEmpty else { throw CSVRefusal(row: 1, column: "column \(index + 1)", rule: "the column has no name") }
            columns.append(name)
        }
        var rows: [Row] = []
        rows.reserveCapacity(records.count - 1)
        for record in records.dropFirst() where record.fields.contains(where: { !$0.isEmpty }) {
            guard record.fields.count == columns.count else {
                let beyond = record.fields.count > columns.count
                throw CSVRefusal(
                    row: record.number, column: beyond ? "column \(columns.count + 1)" : columns[record.fields.count],
                    rule: "the row has \(record.fields.count) cells, the header \(columns.count)")
            }
            var cells: [String] = []
            cells.reserveCapacity(columns.count)
            for (index, field) in record.fields.enumerated() {
                cells.append(Self.unguarded(try Self.text(field, row: record.number, column: columns[index])))
            }
            rows.append(Row(number: record.number, cells: cells))
        }
        self.init(columns: columns, rows: rows)
    }

    private static func text(_ field: [UInt8], row: Int, column: String) throws(CSVRefusal) -> String {
        guard let text = String(validating: field, as: UTF8.self) else {
            throw CSVRefusal(row: row, column: column, rule: "the cell is not UTF-8 text; save the file as CSV UTF-8")
        }
        return text
    }
}

extension String {
    /// Without the spaces and tabs a hand-edited header has around a name.
    fileprivate var trimmingSpaces: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        return String(drop(while: isSpace).reversed().drop(while: isSpace).reversed())
    }
}
