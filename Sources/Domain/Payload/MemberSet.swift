/// The members of one object read so far, by table index: one word for the first 64 (no
/// allocation on the replay path), more words only for a record that has more members.
struct MemberSet {
    private var low: UInt64 = 0
    private var high: [UInt64]

    init(count: Int) {
        high = count > 64 ? Array(repeating: 0, count: (count - 1) / 64) : []
    }

    /// Adds `index`; `false` when it was there already.
    mutating func insert(_ index: Int) -> Bool {
        let bit: UInt64 = 1 << UInt64(index & 63)
        if index < 64 {
            defer { low |= bit }
            return low & bit == 0
        }
        let word = index / 64 - 1
        defer { high[word] |= bit }
        return high[word] & bit == 0
    }

    func contains(_ index: Int) -> Bool {
        let bit: UInt64 = 1 << UInt64(index & 63)
        return index < 64 ? low & bit != 0 : high[index / 64 - 1] & bit != 0
    }
}
