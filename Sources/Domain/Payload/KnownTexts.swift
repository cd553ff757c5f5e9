/// Texts that recur in payloads and come from a closed set (event type keys, signal destination
/// ids, event parameter names): for bytes equal to one of them the reader hands out the set's own
/// `String` instead of making a new one.
///
/// Replay reads about a dozen such texts in every event message. Making each anew checks its
/// UTF-8 again and, above 15 bytes (`ip_phone_connection_lost`), allocates; a shared one is a
/// copy of a small string or a retain. A text outside the set is read as before, so the set is
/// a shortcut and never a rule: an unknown type key still reads (and is refused, or kept, where
/// it always was).
///
/// A class, so a reader closure that captures a set holds one reference: as a struct of four
/// arrays it was four retains and four releases for every list the reader read with it.
public final class KnownTexts: Sendable {
    private let texts: [String]
    /// The texts' UTF-8, one after the other; `ranges[i]` is text `i`'s part.
    private let bytes: [UInt8]
    private let ranges: [Range<Int>]
    /// Open addressing on ``hash(_:_:)`` of the bytes; a slot holds a text's index, or -1.
    private let slots: [Int32]
    private let mask: Int

    public init(_ texts: some Sequence<String>) {
        let unique = Array(Set(texts)).sorted()
        var bytes: [UInt8] = []
        var ranges: [Range<Int>] = []
        for text in unique {
            let start = bytes.count
            bytes.append(contentsOf: text.utf8)
            ranges.append(start..<bytes.count)
        }
        // Never empty, so its base address exists even for a set holding only "".
        bytes.append(0)
        var size = 16
        while size < unique.count * 4 { size *= 2 }
        var slots = [Int32](repeating: -1, count: size)
        for (index, range) in ranges.enumerated() {
            let hash = bytes.withUnsafeBytes { Self.hash($0.baseAddress! + range.lowerBound, range.count) }
            var slot = hash & (size - 1)
            while slots[slot] >= 0 { slot = (slot + 1) & (size - 1) }
            slots[slot] = Int32(index)
        }
        self.texts = unique
        self.bytes = bytes
        self.ranges = ranges
        self.slots = slots
        self.mask = size - 1
    }

    /// The set's text whose UTF-8 is exactly `candidate`, or `nil`.
    @inline(__always)
    func text(_ candidate: UnsafeBufferPointer<UInt8>) -> String? {
        guard let start = candidate.baseAddress else { return nil }
        var slot = Self.hash(UnsafeRawPointer(start), candidate.count) & mask
        return bytes.withUnsafeBufferPointer { stored -> String? in
            slots.withUnsafeBufferPointer { slots -> String? in
                while true {
                    let index = Int(slots[slot])
                    if index < 0 { return nil }
                    let range = ranges[index]
                    if range.count == candidate.count, memcmpEqual(start, stored.baseAddress! + range.lowerBound, range.count) {
                        return texts[index]
                    }
                    slot = (slot + 1) & mask
                }
            }
        }
    }

    /// The length and the first and last eight bytes, mixed: the set's texts differ there, and
    /// hashing every byte of a 25-byte key cost more than the string it saves.
    @inline(__always)
    private static func hash(_ start: UnsafeRawPointer, _ count: Int) -> Int {
        var head: UInt64 = 0
        var tail: UInt64 = 0
        if count >= 8 {
            head = start.loadUnaligned(as: UInt64.self)
            tail = start.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
        } else {
            for offset in 0..<count { head = head << 8 | UInt64(start.load(fromByteOffset: offset, as: UInt8.self)) }
        }
        var hash = (head ^ UInt64(truncatingIfNeeded: count)) &* 0x9E37_79B9_7F4A_7C15
        hash = (hash ^ (hash >> 29) ^ tail) &* 0xBF58_476D_1CE4_E5B9
        return Int(truncatingIfNeeded: hash ^ (hash >> 32))
    }
}
