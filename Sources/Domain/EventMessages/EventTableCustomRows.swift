/// The custom rows ("N times within P hours", manual §6.3.1.2) of all event tables, by event
/// type code: derived from ``EventMessageState/tableOverrides`` whenever that changes, never
/// stored (the snapshot and the state hash carry the overrides only).
///
/// Replay folds every occurrence through ``EventMessageState/count(_:type:)``, and only a custom
/// row counts. Asking each overridden table for the type's row by its key, and building the
/// counter key of each custom row, cost an eighth of the replaying thread's time on the replay
/// benchmark's log (issue 12; docs/benchmarks.md), while most types have no custom row in any
/// table. One lookup by code now answers both.
struct EventTableCustomRows: Sendable, Hashable {
    struct Row: Sendable, Hashable {
        let table: Int
        let frequency: Int
        let periodHours: Int
        /// The row's key in ``EventMessageState/counters``, made once here rather than for every
        /// occurrence the row counts.
        let counterKey: String
    }

    private var byCode: [Int: [Row]] = [:]

    init() {}

    /// A row whose table is not a number or whose type is not in the catalogue cannot occur
    /// (``EventMessageState/apply(table:filters:)`` stores neither), and counts nothing.
    init(_ overrides: [String: [String: EventTableFilter]]) {
        for (table, rows) in overrides {
            guard let number = Int(table) else { continue }
            for (key, filter) in rows {
                guard case .custom(let frequency, let periodHours) = filter, let type = EventCatalogue.type(key: key) else { continue }
                let row = Row(
                    table: number, frequency: frequency, periodHours: periodHours,
                    counterKey: EventMessageState.counterKey(table: number, type: key))
                byCode[type.code, default: []].append(row)
            }
        }
        // In table order, so two equal sets of overrides give equal values.
        for code in byCode.keys { byCode[code]?.sort { $0.table < $1.table } }
    }

    /// The custom rows for `type`, in table order; empty for nearly every type.
    func rows(for type: EventType) -> [Row] {
        byCode[type.code] ?? []
    }
}
