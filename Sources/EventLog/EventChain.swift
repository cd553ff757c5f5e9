import Crypto
import Foundation

/// The hash chain that makes tampering with the log evident: each event's `hash` covers the
/// previous event's hash and this event's envelope, so changing any stored byte of an event
/// breaks that event's hash, and rewriting the hash to match breaks the next event's.
///
/// ```
/// hash(1)   = SHA-256( 32 × 0x00    ‖ canonical(event 1) )
/// hash(n)   = SHA-256( hash(n − 1)  ‖ canonical(event n) )
///
/// canonical(e) = i64(position) ‖ uuid(id) ‖ str(stream) ‖ i64(version) ‖ str(type)
///              ‖ i64(schema) ‖ i64(at) ‖ str(actor) ‖ str(source)
///              ‖ opt(correlation) ‖ opt(causation) ‖ str(payload)
///
/// i64(x)  = x as 8 bytes, two's complement, big-endian
/// uuid(u) = the 16 bytes of the UUID in RFC 4122 order (as stored in the `id` column)
/// str(s)  = byte count of s's UTF-8 as 4 bytes big-endian (unsigned) ‖ the UTF-8 bytes, as stored
/// opt(u)  = 0x00 when absent; 0x01 ‖ uuid(u) when present
/// ```
///
/// Every field has a fixed width or a length prefix and the order is fixed, so two different
/// envelopes can never produce the same byte string (no field can borrow bytes from its
/// neighbour, as it could with separators or plain concatenation). The strings are hashed as
/// the exact bytes SQLite stores (no normalisation), so ``EventLog/verify()`` can recompute the
/// hash from the column bytes without decoding anything.
///
/// Not `Sendable` on purpose: it owns a scratch buffer that is reused for every event, so the
/// writer (and a verification pass) each keep their own.
struct EventChain {
    private var buffer: [UInt8] = []

    init() { buffer.reserveCapacity(1024) }

    /// The hash of one event given its predecessor's. `Text` is `String.UTF8View` on the
    /// append path and raw column bytes on the verification path: the same code encodes both.
    mutating func hash<Text: Collection<UInt8>>(
        previous: ChainHash, position: Int64, id: uuid_t, stream: Text, version: Int64,
        type: Text, schema: Int64, at: Int64, actor: Text, source: Text,
        correlation: uuid_t?, causation: uuid_t?, payload: Text
    ) -> ChainHash {
        buffer.removeAll(keepingCapacity: true)
        previous.withUnsafeBytes { buffer.append(contentsOf: $0) }
        append(position)
        append(id)
        append(text: stream)
        append(version)
        append(text: type)
        append(schema)
        append(at)
        append(text: actor)
        append(text: source)
        append(optional: correlation)
        append(optional: causation)
        append(text: payload)
        var hasher = SHA256()
        buffer.withUnsafeBytes { hasher.update(bufferPointer: $0) }
        return ChainHash(hasher.finalize())
    }

    /// The canonical encoding of the event last hashed, without the previous hash in front: the
    /// form a backup carries each event in (``EventLog/export(through:_:)``).
    func withLastCanonicalEncoding<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try buffer.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0.dropFirst(32))) }
    }

    private mutating func append(_ value: Int64) {
        withUnsafeBytes(of: value.bigEndian) { buffer.append(contentsOf: $0) }
    }

    private mutating func append(_ uuid: uuid_t) {
        withUnsafeBytes(of: uuid) { buffer.append(contentsOf: $0) }
    }

    private mutating func append(optional uuid: uuid_t?) {
        if let uuid {
            buffer.append(1)
            append(uuid)
        } else {
            buffer.append(0)
        }
    }

    private mutating func append<Text: Collection<UInt8>>(text: Text) {
        withUnsafeBytes(of: UInt32(truncatingIfNeeded: text.count).bigEndian) { buffer.append(contentsOf: $0) }
        // Column bytes and a native string's UTF-8 are contiguous: one copy each, not the
        // generic element-wise append.
        if let bytes = text as? UnsafeRawBufferPointer {
            bytes.withMemoryRebound(to: UInt8.self) { buffer.append(contentsOf: $0) }
        } else if text.withContiguousStorageIfAvailable({ buffer.append(contentsOf: $0) }) == nil {
            buffer.append(contentsOf: text)
        }
    }
}
