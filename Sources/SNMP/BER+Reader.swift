extension BER {
    /// Reads elements one after another from untrusted bytes: every length is checked against
    /// what is left, so a truncated or lying packet reads as nil, never out of bounds.
    struct Reader {
        private let bytes: ArraySlice<UInt8>
        private var offset: Int

        init(_ bytes: [UInt8]) { self.init(bytes[...]) }

        private init(_ bytes: ArraySlice<UInt8>) {
            self.bytes = bytes
            offset = bytes.startIndex
        }

        var isAtEnd: Bool { offset == bytes.endIndex }

        var remaining: [UInt8] { Array(bytes[offset...]) }

        /// The content of the next element if it has `tag`, as a reader of its own.
        mutating func read(_ tag: UInt8) -> Reader? {
            guard offset < bytes.endIndex, bytes[offset] == tag else { return nil }
            var at = offset + 1
            guard at < bytes.endIndex else { return nil }
            var length = Int(bytes[at])
            at += 1
            if length & 0x80 != 0 {
                let count = length & 0x7F
                // Indefinite lengths are not BER for SNMP (RFC 3417 §8); four octets is 4 GB.
                guard (1...4).contains(count), bytes.endIndex - at >= count else { return nil }
                length = bytes[at..<at + count].reduce(0) { $0 << 8 | Int($1) }
                at += count
            }
            guard bytes.endIndex - at >= length else { return nil }
            offset = at + length
            return Reader(bytes[at..<at + length])
        }

        /// The next element as an INTEGER (at most 8 content octets), or nil.
        mutating func readInteger() -> Int? {
            let saved = offset
            guard let content = read(BER.integerTag)?.remaining, (1...8).contains(content.count) else {
                offset = saved
                return nil
            }
            let first = Int(Int8(bitPattern: content[0]))
            return content.dropFirst().reduce(first) { $0 << 8 | Int($1) }
        }
    }
}
