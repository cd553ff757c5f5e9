extension CSVTable {
    /// The first characters that make a spreadsheet take a cell as a formula when the file is
    /// opened (`=`, `+`, `-`, `@`, and tab and carriage return, which some read as the same).
    static let formulaStarts: Set<Character> = ["=", "+", "-", "@", "\t", "\r", "\r\n"]

    /// The file as RFC 4180 writes it: CRLF after every row, a cell in quotes (its quotes
    /// doubled) only when it holds a comma, a quote or a line break, UTF-8 without a byte
    /// order mark.
    ///
    /// A cell that a spreadsheet would run as a formula is written with a leading `'` (the
    /// formula guard): a name like `=HYPERLINK(…)` stored through the API must not become a
    /// link or a calculation on the administrator's machine. The spreadsheet shows the `'`,
    /// and ``init(reading:maximumRows:)`` takes exactly that one `'` away again, so an export
    /// imported unchanged changes nothing. A value that itself starts with `'` before such a
    /// character gets one more, so the guard never eats a character of the value.
    public var text: String {
        var text = ""
        text.reserveCapacity(32 * (rows.count + 1) * max(columns.count, 1))
        Self.append(columns, to: &text)
        for row in rows { Self.append(row.cells, to: &text) }
        return text
    }

    private static func append(_ cells: [String], to text: inout String) {
        for (index, cell) in cells.enumerated() {
            if index > 0 { text.append(",") }
            text.append(quoted(guarded(cell)))
        }
        text.append("\r\n")
    }

    private static func quoted(_ cell: String) -> String {
        guard cell.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else { return cell }
        return "\"" + cell.replacingQuotes() + "\""
    }

    /// Whether a value needs the formula guard: it starts with a formula character once any
    /// leading apostrophes are passed over.
    static func needsGuard(_ cell: String) -> Bool {
        guard let first = cell.drop(while: { $0 == "'" }).first else { return false }
        return formulaStarts.contains(first)
    }

    static func guarded(_ cell: String) -> String {
        needsGuard(cell) ? "'" + cell : cell
    }

    /// A read cell without the guard ``text`` wrote.
    static func unguarded(_ cell: String) -> String {
        cell.first == "'" && needsGuard(cell) ? String(cell.dropFirst()) : cell
    }
}

extension String {
    fileprivate func replacingQuotes() -> String {
        var doubled = ""
        doubled.reserveCapacity(utf8.count + 2)
        for character in self {
            doubled.append(character)
            if character == "\"" { doubled.append("\"") }
        }
        return doubled
    }
}
