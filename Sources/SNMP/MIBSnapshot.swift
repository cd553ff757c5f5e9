/// Everything the agent serves, sorted by object identifier: GET is a binary search for the
/// exact name, GETNEXT (and so GETBULK) one for the first name after it, both O(log n) however
/// large the tables grow. Built outside the agent's thread and swapped in whole, so a walk never
/// sees half of a change.
public struct MIBSnapshot: Sendable {
    public struct Entry: Sendable, Hashable {
        public var name: [UInt32]
        public var value: MIBValue
    }

    /// Every name, one after the other in OID order: entry `i`'s is
    /// `names[starts[i]..<starts[i + 1]]`. One flat buffer rather than an array per entry, so each
    /// probe of a binary search reads one place instead of following a pointer to an allocation
    /// of its own: at 80,000 varbinds those cache misses were most of a GETNEXT's cost
    /// (`ops/bench --only snmp`, perf). 32-bit offsets keep the probes' index dense.
    private let names: [UInt32]
    private let starts: [UInt32]
    private let values: [MIBValue]

    /// `entries` in any order; they are sorted here unless they already are.
    public init(entries: [Entry]) {
        var builder = Builder(capacity: entries.count)
        for entry in entries { builder.add(entry) }
        self = builder.snapshot()
    }

    /// The layout ``Builder`` made: `starts` has one more element than `values`.
    init(names: [UInt32], starts: [UInt32], values: [MIBValue]) {
        precondition(starts.count == values.count + 1 && starts.last.map(Int.init) == names.count, "a MIB snapshot's layout")
        self.names = names
        self.starts = starts
        self.values = values
    }

    public static let empty = MIBSnapshot(entries: [])

    public var count: Int { values.count }

    public var entries: [Entry] { (0..<count).map(entry(at:)) }

    public func entry(at index: Int) -> Entry {
        Entry(name: Array(names[Int(starts[index])..<Int(starts[index + 1])]), value: values[index])
    }

    public func value(at name: some Collection<UInt32>) -> MIBValue? {
        index(of: name).map { values[$0] }
    }

    /// The first entry whose name follows `name` (GETNEXT).
    public func entry(after name: some Collection<UInt32>) -> Entry? {
        index(after: name, hint: nil).map(entry(at:))
    }

    /// The entry named exactly `name` (GET); `name` may be `[UInt32]` or net-snmp's `oid`s.
    func index<Name: Collection>(of name: Name) -> Int? where Name.Element: UnsignedInteger {
        let index = firstIndex(notBefore: name)
        return index < count && compare(index, name) == 0 ? index : nil
    }

    /// The first entry after `name` (GETNEXT). A walk asks for the name it was just given, so
    /// `hint`, the entry answered last in the same place of the previous request, is tried
    /// before the binary search: a walk then costs one comparison per varbind.
    func index<Name: Collection>(after name: Name, hint: Int?) -> Int? where Name.Element: UnsignedInteger {
        var index: Int
        if let hint, hint >= 0, hint < count, compare(hint, name) == 0 {
            index = hint + 1
        } else {
            index = firstIndex(notBefore: name)
            if index < count, compare(index, name) == 0 { index += 1 }
        }
        return index < count ? index : nil
    }

    func value(at index: Int) -> MIBValue { values[index] }

    /// Entry `index`'s name, without copying it.
    func withName<Result>(at index: Int, _ body: (UnsafeBufferPointer<UInt32>) -> Result) -> Result {
        names.withUnsafeBufferPointer { all in
            body(UnsafeBufferPointer(rebasing: all[Int(starts[index])..<Int(starts[index + 1])]))
        }
    }

    private func firstIndex<Name: Collection>(notBefore name: Name) -> Int where Name.Element: UnsignedInteger {
        var low = 0, high = count
        while low < high {
            let middle = (low + high) / 2
            if compare(middle, name) < 0 { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// Whether entry `index`'s name sorts before (-1), equal to (0) or after (1) `name`, as
    /// object identifiers do: element by element, a prefix first. Sub-identifiers beyond 32 bits,
    /// which no entry has, compare as the numbers they are.
    private func compare<Name: Collection>(_ index: Int, _ name: Name) -> Int where Name.Element: UnsignedInteger {
        names.withUnsafeBufferPointer { all in
            var position = Int(starts[index])
            let end = Int(starts[index + 1])
            for requested in name {
                guard position < end else { return -1 }
                let stored = UInt64(all[position]), asked = UInt64(truncatingIfNeeded: requested)
                if stored != asked { return stored < asked ? -1 : 1 }
                position += 1
            }
            return position < end ? 1 : 0
        }
    }
}
