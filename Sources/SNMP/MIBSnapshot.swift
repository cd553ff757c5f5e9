/// Everything the agent serves, as one array sorted by object identifier: GET is a binary
/// search for the exact name, GETNEXT (and so GETBULK) one for the first name after it, both
/// O(log n) however large the tables grow. Built outside the agent's thread and swapped in
/// whole, so a walk never sees half of a change.
public struct MIBSnapshot: Sendable {
    public struct Entry: Sendable, Hashable {
        public var name: [UInt32]
        public var value: MIBValue
    }

    public let entries: [Entry]

    /// `entries` in any order; they are sorted here.
    public init(entries: [Entry]) {
        self.entries = entries.sorted { $0.name.lexicographicallyPrecedes($1.name) }
    }

    public static let empty = MIBSnapshot(entries: [])

    public func value(at name: some Collection<UInt32>) -> MIBValue? {
        let index = firstIndex(notBefore: name)
        guard index < entries.count, entries[index].name.elementsEqual(name) else { return nil }
        return entries[index].value
    }

    /// The first entry whose name follows `name` (GETNEXT).
    public func entry(after name: some Collection<UInt32>) -> Entry? {
        var index = firstIndex(notBefore: name)
        if index < entries.count, entries[index].name.elementsEqual(name) { index += 1 }
        return index < entries.count ? entries[index] : nil
    }

    private func firstIndex(notBefore name: some Collection<UInt32>) -> Int {
        var low = 0, high = entries.count
        while low < high {
            let middle = (low + high) / 2
            if entries[middle].name.lexicographicallyPrecedes(name) { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
