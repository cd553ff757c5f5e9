/// A filtered read of the `events` table with every ``EventFilter`` field in the SQL, shaped so
/// that a page costs about `limit` index steps however deep into the log it starts (readers
/// and subscriptions page through the log, so a plan that sorts "everything after `after`"
/// would make a full pass quadratic).
///
/// - stream: the `(stream, version)` index, ordered by `version` — within one stream version
///   order is position order (the writer numbers both upwards), and saying so lets SQLite walk
///   the index instead of sorting.
/// - type prefix: the caller first lists the distinct types under the prefix (index seeks);
///   each becomes one `type = ?` arm walking `(type, rowid)` in position order, and SQLite
///   merges the arms (`UNION ALL … ORDER BY`), stopping at `limit`.
/// - actor: `(actor, rowid)` is in position order already.
/// - time: `at` never decreases along the log (the writer guarantees it), so `(at, rowid)` is in
///   position order too, and ordering by `at, position` lets SQLite use it without sorting.
///
/// The SQL text depends only on which fields are set and how many types there are (values are
/// bound), so each shape is prepared once per connection and cached.
struct EventQuery {
    static let columns = "position, id, stream, version, type, schema, at, actor, source, correlation, causation, payload, hash"

    /// Beyond this many distinct types under one prefix, the query falls back to a type range
    /// and lets SQLite plan it.
    static let maxTypeArms = 32

    private enum Value {
        case integer(Int64)
        case text(String)
        case textBytes([UInt8])
    }

    let sql: String
    private let values: [Value]

    /// Events with `after < position ≤ upTo` (no upper bound when `upTo` is nil) that match
    /// `filter`, in log order, at most `limit`. `types`, when given, are the distinct types
    /// under `filter.typePrefix` (see ``EventLog`` reading), and must not be empty.
    init(after: Int64, upTo: Int64?, limit: Int, filter: EventFilter, types: [String]? = nil) {
        var values: [Value] = []
        func parameter(_ value: Value) -> String {
            values.append(value)
            return "?\(values.count)"
        }
        var common = ["position > \(parameter(.integer(after)))"]
        if let upTo { common.append("position <= \(parameter(.integer(upTo)))") }
        if let stream = filter.stream { common.append("stream = \(parameter(.text(stream)))") }
        if let actor = filter.actor { common.append("actor = \(parameter(.text(actor)))") }
        if let since = filter.since { common.append("at >= \(parameter(.integer(since)))") }
        if let until = filter.until { common.append("at < \(parameter(.integer(until)))") }

        if let types, filter.stream == nil {
            let arms = types.map { type in
                let conditions = ["type = \(parameter(.text(type)))"] + common
                return "SELECT \(Self.columns) FROM events WHERE \(conditions.joined(separator: " AND "))"
            }
            sql = arms.joined(separator: " UNION ALL ") + " ORDER BY position LIMIT \(parameter(.integer(Int64(clamping: limit))))"
        } else {
            var conditions = common
            if let prefix = filter.typePrefix, !prefix.isEmpty {
                // A range instead of LIKE/GLOB: case-sensitive, index-friendly, and `%`, `_`,
                // `*` and `?` in a type name need no escaping.
                conditions.append("type >= \(parameter(.text(prefix)))")
                if let upper = Self.successor(of: prefix) { conditions.append("type < \(parameter(.textBytes(upper)))") }
            }
            let order =
                if filter.stream != nil {
                    "version"
                } else if filter.actor == nil, filter.since != nil || filter.until != nil {
                    "at, position"
                } else {
                    "position"
                }
            sql =
                "SELECT \(Self.columns) FROM events WHERE \(conditions.joined(separator: " AND ")) ORDER BY \(order) LIMIT \(parameter(.integer(Int64(clamping: limit))))"
        }
        self.values = values
    }

    func bind(_ statement: SQLiteStatement) throws(EventLogError) {
        for (index, value) in values.enumerated() {
            let parameter = Int32(index + 1)
            switch value {
            case let .integer(integer): try statement.bind(parameter, integer)
            case let .text(text): try statement.bind(parameter, text)
            case let .textBytes(bytes): try statement.bindText(parameter, bytes: bytes)
            }
        }
    }

    /// The smallest byte string greater than every string starting with `prefix`, or `nil`
    /// when there is none (a prefix of only 0xFF bytes, which UTF-8 never produces).
    static func successor(of prefix: String) -> [UInt8]? {
        var bytes = Array(prefix.utf8)
        while let last = bytes.last {
            if last < 0xFF {
                bytes[bytes.count - 1] = last + 1
                return bytes
            }
            bytes.removeLast()
        }
        return nil
    }

    /// The distinct types under `prefix`, by skipping through the type index one seek per type;
    /// `nil` when there are more than ``maxTypeArms`` (or the prefix has no upper bound).
    static func types(withPrefix prefix: String, on connection: SQLiteConnection) throws(EventLogError) -> [String]? {
        guard let upper = successor(of: prefix) else { return nil }
        let first = try connection.cached("SELECT type FROM events WHERE type >= ?1 AND type < ?2 ORDER BY type LIMIT 1")
        let next = try connection.cached("SELECT type FROM events WHERE type > ?1 AND type < ?2 ORDER BY type LIMIT 1")
        var types: [String] = []
        var statement = first
        try statement.bind(1, prefix)
        while true {
            try statement.bindText(2, bytes: upper)
            let found = try statement.step() ? statement.string(0) : nil
            statement.reset()
            guard let found else { return types }
            guard types.count < maxTypeArms else { return nil }
            types.append(found)
            statement = next
            try statement.bind(1, found)
        }
    }
}
