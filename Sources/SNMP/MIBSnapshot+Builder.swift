extension MIBSnapshot {
    /// Collects entries straight into the snapshot's flat layout. Names added in OID order, as
    /// the state's view adds them (a table column by column, each column row by row), need no
    /// sort: at 20,000 active messages sorting 200,000 names was most of a rebuild's cost, and
    /// rebuilds run beside the log's appends on the same two cores.
    struct Builder {
        private var names: [UInt32] = []
        private var starts: [UInt32] = [0]
        private var values: [MIBValue] = []
        private var inOrder = true

        init(capacity: Int = 0) {
            starts.reserveCapacity(capacity + 1)
            values.reserveCapacity(capacity)
            names.reserveCapacity(capacity * 16)
        }

        mutating func add(_ prefix: [UInt32], _ column: UInt32, _ index: [UInt32], _ value: MIBValue) {
            let start = names.count
            names.append(contentsOf: prefix)
            names.append(column)
            names.append(contentsOf: index)
            close(from: start, value)
        }

        mutating func add(_ entry: Entry) {
            let start = names.count
            names.append(contentsOf: entry.name)
            close(from: start, entry.value)
        }

        /// One conceptual table: `rows` in index order, each with the cells of the columns from
        /// `firstColumn` on, put out column by column as a walk reads them.
        mutating func table(_ entry: [UInt32], firstColumn: UInt32, rows: [(index: [UInt32], cells: [MIBValue])]) {
            guard let width = rows.first?.cells.count else { return }
            for column in 0..<width {
                for row in rows { add(entry, firstColumn + UInt32(column), row.index, row.cells[column]) }
            }
        }

        private mutating func close(from start: Int, _ value: MIBValue) {
            if inOrder, starts.count > 1 {
                let previous = names[Int(starts[starts.count - 2])..<start]
                inOrder = previous.lexicographicallyPrecedes(names[start...])
            }
            starts.append(UInt32(names.count))
            values.append(value)
        }

        /// The snapshot; sorted here only if something was added out of order.
        func snapshot() -> MIBSnapshot {
            let snapshot = MIBSnapshot(names: names, starts: starts, values: values)
            guard !inOrder else { return snapshot }
            var sorted = Builder(capacity: values.count)
            for entry in snapshot.entries.sorted(by: { $0.name.lexicographicallyPrecedes($1.name) }) { sorted.add(entry) }
            return sorted.snapshot()
        }
    }
}
