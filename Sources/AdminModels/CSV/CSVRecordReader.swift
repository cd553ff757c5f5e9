/// The byte-level half of ``CSVTable/init(reading:maximumRows:)``: splits a file into records
/// and fields, undoing the quoting, and counts records the way a spreadsheet numbers rows (a
/// line break inside a quoted cell stays in its row).
struct CSVRecordReader {
    struct Record {
        /// 1-based; the header is record 1.
        var number: Int
        var fields: [[UInt8]]
    }

    private enum Position {
        case fieldStart, unquoted, quoted, afterQuote
    }

    private let bytes: [UInt8]
    private let maximumRecords: Int

    init(bytes: [UInt8], maximumRecords: Int) {
        self.bytes = bytes
        self.maximumRecords = maximumRecords
    }

    private static let quote = UInt8(ascii: "\"")
    private static let comma = UInt8(ascii: ",")
    private static let lineFeed = UInt8(ascii: "\n")
    private static let carriageReturn = UInt8(ascii: "\r")

    mutating func records() throws(CSVRefusal) -> [Record] {
        var records: [Record] = []
        var fields: [[UInt8]] = []
        var field: [UInt8] = []
        var position = Position.fieldStart
        var number = 1
        var index = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        // Only rows with text count against the limit, as only they become entities.
        var filled = 0

        func columnName() -> String {
            if let header = records.first, fields.count < header.fields.count,
                let name = String(validating: header.fields[fields.count], as: UTF8.self), !name.isEmpty
            {
                return name
            }
            return "column \(fields.count + 1)"
        }
        func endRecord() throws(CSVRefusal) {
            fields.append(field)
            field = []
            if fields.contains(where: { !$0.isEmpty }) {
                filled += 1
                guard filled <= maximumRecords else {
                    throw CSVRefusal(row: number, column: nil, rule: "more than \(maximumRecords - 1) rows; the system holds no more")
                }
            }
            records.append(Record(number: number, fields: fields))
            fields = []
            number += 1
        }

        /// A comma ends the cell, a line break (CR, LF or CRLF) the record too.
        func endCell(at byte: UInt8) throws(CSVRefusal) {
            if byte == Self.comma {
                fields.append(field)
                field = []
            } else {
                if byte == Self.carriageReturn, index < bytes.count, bytes[index] == Self.lineFeed { index += 1 }
                try endRecord()
            }
            position = .fieldStart
        }

        var quotedFrom = (row: 1, column: "")
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            switch position {
            case .fieldStart, .unquoted:
                switch byte {
                case Self.comma, Self.lineFeed, Self.carriageReturn:
                    try endCell(at: byte)
                case Self.quote where position == .fieldStart:
                    quotedFrom = (number, columnName())
                    position = .quoted
                case Self.quote:
                    throw CSVRefusal(
                        row: number, column: columnName(), rule: "a quote inside a cell needs the whole cell in quotes, the quote doubled (\"\")")
                default:
                    field.append(byte)
                    position = .unquoted
                }
            case .quoted:
                if byte == Self.quote {
                    position = .afterQuote
                } else {
                    // A line break inside quotes is part of the cell, not a new row.
                    field.append(byte)
                }
            case .afterQuote:
                switch byte {
                case Self.quote:
                    field.append(byte)
                    position = .quoted
                case Self.comma, Self.lineFeed, Self.carriageReturn:
                    try endCell(at: byte)
                default:
                    throw CSVRefusal(row: number, column: columnName(), rule: "after a cell's closing quote only a comma or the end of the row may follow")
                }
            }
        }
        switch position {
        case .quoted:
            throw CSVRefusal(row: quotedFrom.row, column: quotedFrom.column, rule: "the quoted cell opened here is never closed")
        case .unquoted, .afterQuote:
            try endRecord()
        case .fieldStart:
            // A comma before the end of the file leaves one more, empty, cell; a final line end
            // leaves nothing.
            if !fields.isEmpty { try endRecord() }
        }
        return records
    }
}
