import Crypto

/// A 32-byte chain hash kept inline (no heap), so the writer can remember the chain head and
/// its value at the start of a batch without allocating.
struct ChainHash: Equatable, Sendable {
    private var words: (UInt64, UInt64, UInt64, UInt64)

    /// The "previous hash" of position 1.
    static let genesis = ChainHash(words: (0, 0, 0, 0))

    private init(words: (UInt64, UInt64, UInt64, UInt64)) { self.words = words }

    init(_ digest: SHA256Digest) {
        words = digest.withUnsafeBytes { $0.loadUnaligned(as: (UInt64, UInt64, UInt64, UInt64).self) }
    }

    /// `nil` unless `bytes` is exactly 32 bytes long.
    init?(bytes: UnsafeRawBufferPointer) {
        guard bytes.count == 32 else { return nil }
        words = bytes.loadUnaligned(as: (UInt64, UInt64, UInt64, UInt64).self)
    }

    init?(bytes: [UInt8]) {
        guard let hash = bytes.withUnsafeBytes({ ChainHash(bytes: $0) }) else { return nil }
        self = hash
    }

    func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try Swift.withUnsafeBytes(of: words, body)
    }

    var bytes: [UInt8] { withUnsafeBytes { Array($0) } }

    func matches(_ stored: UnsafeRawBufferPointer) -> Bool {
        guard stored.count == 32 else { return false }
        return withUnsafeBytes { $0.elementsEqual(stored) }
    }

    static func == (lhs: ChainHash, rhs: ChainHash) -> Bool {
        lhs.words.0 == rhs.words.0 && lhs.words.1 == rhs.words.1
            && lhs.words.2 == rhs.words.2 && lhs.words.3 == rhs.words.3
    }
}
