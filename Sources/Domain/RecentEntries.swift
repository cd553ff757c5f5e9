/// The last entries of a list whose length the manual bounds — the event-log destination's 254
/// messages, the 10 mains voltage failures (manual Tab. 24, §6.3.1.3) — kept in a ring, so that
/// appending to a full list overwrites its oldest entry instead of moving all the others.
///
/// An array with `removeFirst()` moved the whole list on every event message once it was full:
/// 254 occurrences of about 150 bytes, 38 kB per event, an eighth of replay's time on a
/// working installation's log (issue 14, point 3). To everything else it is the array it was:
/// oldest first, encoded as a JSON array (the snapshot and the state hash keep their bytes),
/// equal when the entries are equal in order.
public struct RecentEntries<Element> {
    /// Oldest first once `start` is taken into account: the entry at `start` is the oldest.
    private var storage: [Element]
    private var start: Int

    public init() {
        storage = []
        start = 0
    }

    public init(_ elements: some Sequence<Element>) {
        storage = Array(elements)
        start = 0
    }

    /// Adds `element` as the newest entry and drops the oldest beyond `limit`.
    public mutating func append(_ element: Element, keepingAtMost limit: Int) {
        precondition(limit > 0, "a bounded list keeps at least one entry")
        if storage.count < limit {
            if start != 0 { normalize() }
            storage.append(element)
            return
        }
        if storage.count > limit {
            // The bound shrank: keep the newest `limit - 1`, then add.
            normalize()
            storage.removeFirst(storage.count - limit + 1)
            storage.append(element)
            return
        }
        storage[start] = element
        start = start + 1 == storage.count ? 0 : start + 1
    }

    /// Puts the oldest entry first in `storage`.
    private mutating func normalize() {
        guard start != 0 else { return }
        storage = Array(storage[start...] + storage[..<start])
        start = 0
    }
}

extension RecentEntries: RandomAccessCollection {
    public var startIndex: Int { 0 }
    public var endIndex: Int { storage.count }

    public subscript(position: Int) -> Element {
        precondition(position >= 0 && position < storage.count, "index out of range")
        let slot = start + position
        return storage[slot < storage.count ? slot : slot - storage.count]
    }
}

extension RecentEntries: ExpressibleByArrayLiteral {
    public init(arrayLiteral elements: Element...) {
        self.init(elements)
    }
}

extension RecentEntries: Equatable where Element: Equatable {
    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.elementsEqual(rhs)
    }
}

extension RecentEntries: Hashable where Element: Hashable {
    public func hash(into hasher: inout Hasher) {
        hasher.combine(count)
        for element in self { hasher.combine(element) }
    }
}

extension RecentEntries: Sendable where Element: Sendable {}

extension RecentEntries: Codable where Element: Codable {
    public init(from decoder: any Decoder) throws {
        self.init(try [Element](from: decoder))
    }

    public func encode(to encoder: any Encoder) throws {
        try Array(self).encode(to: encoder)
    }
}
