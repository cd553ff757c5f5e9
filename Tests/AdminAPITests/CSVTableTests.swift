import AdminModels
import Testing

/// The CSV sheets of the export and import routes (manual §5.6.5): RFC 4180 as spreadsheets
/// write it, the formula guard, and refusals that name the row and the column.
@Suite struct CSVTableTests {
    private func read(_ text: String, maximumRows: Int = 100) throws(CSVRefusal) -> CSVTable {
        try CSVTable(reading: Array(text.utf8), maximumRows: maximumRows)
    }

    private func refusal(_ text: String, maximumRows: Int = 100) -> CSVRefusal? {
        do {
            _ = try read(text, maximumRows: maximumRows)
            return nil
        } catch {
            return error
        }
    }

    @Test func quotedCellsKeepCommasQuotesAndLineBreaks() throws {
        let table = try read("number,name\r\n101,\"Muster, \"\"Max\"\"\"\r\n102,\"two\r\nlines\"\r\n")
        #expect(table.columns == ["number", "name"])
        #expect(table.rows.map(\.cells) == [["101", "Muster, \"Max\""], ["102", "two\r\nlines"]])
        // The line break inside quotes stays in its row: the next row is still row 3.
        #expect(table.rows.map(\.number) == [2, 3])
    }

    @Test func lineFeedsByteOrderMarkAndBlankRowsAreAccepted() throws {
        let table = try read("\u{FEFF} number , name\n101,Anna\n\n,\n102,Bert")
        #expect(table.columns == ["number", "name"])
        #expect(table.rows.map(\.cells) == [["101", "Anna"], ["102", "Bert"]])
        #expect(table.rows.map(\.number) == [2, 5])
    }

    @Test func writingQuotesOnlyWhereNeededWithCRLF() {
        let table = CSVTable(columns: ["number", "name"], cells: [["101", "Muster, Max"], ["102", "Say \"hi\""], ["103", "Plain"]])
        #expect(table.text == "number,name\r\n101,\"Muster, Max\"\r\n102,\"Say \"\"hi\"\"\"\r\n103,Plain\r\n")
    }

    @Test func formulasAreGuardedAndTheGuardIsTakenAwayOnReading() throws {
        let values = ["=1+2", "+49 89", "-x", "@SUM(A1)", "'=already", "'plain", "''", "a=b"]
        let table = CSVTable(columns: ["name"], cells: values.map { [$0] })
        #expect(table.text == "name\r\n'=1+2\r\n'+49 89\r\n'-x\r\n'@SUM(A1)\r\n''=already\r\n'plain\r\n''\r\na=b\r\n")
        #expect(try read(table.text).rows.map { $0.cells[0] } == values)
    }

    @Test func everyWrittenTableReadsBackTheSame() throws {
        let table = CSVTable(columns: ["a", "b", "c"], cells: [["", "x,y", "\"q\""], ["é ü 中", "\n", "=2"], ["", "", "z"]])
        let back = try read(table.text)
        #expect(back == table)
    }

    @Test func anUnterminatedQuoteNamesTheRowWhereItOpened() {
        #expect(
            refusal("number,name\n101,Anna\n102,\"Bert\n103,Carl\n") == CSVRefusal(row: 3, column: "name", rule: "the quoted cell opened here is never closed"))
    }

    @Test func strayQuotesAreRefusedWithTheirCell() {
        #expect(refusal("number,name\n101,An\"na\n")?.column == "name")
        #expect(refusal("number,name\n101,An\"na\n")?.row == 2)
        let after = refusal("number,name\n101,\"Anna\"x\n")
        #expect(after?.row == 2 && after?.column == "name")
    }

    @Test func aRowWithTheWrongNumberOfCellsNamesTheColumn() {
        #expect(
            refusal("number,name,email\n101,Anna,a@example.com\n102,Bert\n") == CSVRefusal(row: 3, column: "email", rule: "the row has 2 cells, the header 3"))
        #expect(refusal("number,name\n101,Anna,extra\n")?.column == "column 3")
    }

    @Test func theHeaderIsChecked() throws {
        #expect(refusal("")?.row == 1)
        #expect(refusal("number,,name\n")?.column == "column 2")
        let table = try read("number,nmae\n101,Anna\n")
        #expect(throws: CSVRefusal.self) { try table.requireColumns(allowed: ["number", "name"], required: ["number"]) }
        do {
            try table.requireColumns(allowed: ["number", "name"], required: ["number"])
        } catch {
            #expect(error.row == 1 && error.column == "nmae")
        }
        do {
            try read("name\nAnna\n").requireColumns(allowed: ["number", "name"], required: ["number", "name"])
        } catch {
            #expect(error.row == 1 && error.column == "number")
        }
        do {
            try read("name,name\nAnna,Bert\n").requireColumns(allowed: ["number", "name"], required: [])
        } catch {
            #expect(error.column == "name" && error.rule == "the column is named twice")
        }
    }

    @Test func moreRowsThanTheCapacityAreRefusedAtTheFirstOneTooMany() {
        let text = "number\n" + (1...4).map(String.init).joined(separator: "\n")
        #expect(refusal(text, maximumRows: 4) == nil)
        #expect(refusal(text + "\n5", maximumRows: 4)?.row == 6)
    }

    @Test func bytesThatAreNotUTF8AreRefusedWithTheirCell() {
        let bytes = Array("number,name\n101,".utf8) + [0xC3, 0x28] + Array("\n".utf8)
        #expect(throws: CSVRefusal(row: 2, column: "name", rule: "the cell is not UTF-8 text; save the file as CSV UTF-8")) {
            try CSVTable(reading: bytes, maximumRows: 10)
        }
    }
}
