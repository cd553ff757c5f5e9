import Crypto
import Foundation

/// Opens one sealed entry (``SealedEntry``) as its bytes arrive in pieces of any size, and hands
/// each record to the caller in order. Only a whole frame is opened, so nothing unauthenticated
/// ever reaches the caller.
///
/// Cutting the bytes into frames is kept apart from opening them (``Opener``), so a restore can
/// open and write the log's frames on its second core while this thread reads the next ones.
struct SealedEntryReader {
    /// One frame, cut from the entry but not yet authenticated.
    struct Frame: Sendable {
        let index: UInt64
        let final: Bool
        /// nonce ‖ ciphertext ‖ tag
        let sealed: Data
    }

    /// What opening a frame needs, to take to another thread.
    struct Opener: Sendable {
        let name: String
        let key: BackupKey
        let context: [UInt8]

        /// The plaintext of `frame`, once authenticated.
        func open(_ frame: Frame) throws -> Data {
            let sealed = frame.sealed
            let start = sealed.startIndex
            do {
                let box = try AES.GCM.SealedBox(
                    nonce: try AES.GCM.Nonce(data: sealed[start..<start + SealedEntry.nonceSize]),
                    ciphertext: sealed[(start + SealedEntry.nonceSize)..<(sealed.endIndex - SealedEntry.tagSize)],
                    tag: sealed[(sealed.endIndex - SealedEntry.tagSize)...])
                return try AES.GCM.open(
                    box, using: key.key, authenticating: SealedEntry.additionalData(context: context, name: name, index: frame.index, final: frame.final))
            } catch {
                throw BackupError.tampered("\(name): chunk \(frame.index) fails authentication")
            }
        }

        /// Hands each record of `frame`'s plaintext to `body` as a slice of it, which shares it
        /// without a copy and may outlive the call.
        func openRecords(_ frame: Frame, _ body: (Data) throws -> Void) throws {
            let plaintext = try open(frame)
            let base = plaintext.startIndex
            try plaintext.withUnsafeBytes { buffer in
                try records(in: buffer, chunk: frame.index) { record in
                    let start = base + (record.baseAddress.map { $0 - buffer.baseAddress! } ?? 0)
                    try body(plaintext[start..<start + record.count])
                }
            }
        }

        /// Hands each record of one chunk's plaintext to `body`.
        func records(in chunk: UnsafeRawBufferPointer, chunk index: UInt64, _ body: (UnsafeRawBufferPointer) throws -> Void) throws {
            var offset = 0
            while offset < chunk.count {
                guard chunk.count - offset >= 4 else { throw BackupError.malformed("\(name): a record's length is cut in chunk \(index)") }
                let length = Int(UInt32(bigEndian: chunk.loadUnaligned(fromByteOffset: offset, as: UInt32.self)))
                guard chunk.count - offset - 4 >= length else { throw BackupError.malformed("\(name): a record overruns chunk \(index)") }
                try body(UnsafeRawBufferPointer(rebasing: chunk[(offset + 4)..<(offset + 4 + length)]))
                offset += 4 + length
            }
        }
    }

    let opener: Opener
    var name: String { opener.name }
    private var pending: [UInt8] = []
    private var index: UInt64 = 0
    private var sawFinal = false

    init(name: String, key: BackupKey, context: [UInt8]) {
        opener = Opener(name: name, key: key, context: context)
    }

    /// Opens each frame `data` completes and hands its records to `body`, in order.
    mutating func consume(_ data: Data, _ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        for frame in try frames(data) {
            let plaintext = try opener.open(frame)
            try plaintext.withUnsafeBytes { try opener.records(in: $0, chunk: frame.index, body) }
        }
    }

    /// The frames `data` completes, in order, not yet opened: the final flag is checked to be a
    /// flag and nothing may follow the final frame, but only ``Opener/open(_:)`` proves a frame
    /// (its index and flag are in its additional data).
    mutating func frames(_ data: Data) throws -> [Frame] {
        pending.append(contentsOf: data)
        var cut: [Frame] = []
        var offset = 0
        while pending.count - offset >= 4 {
            let length = pending.withUnsafeBytes { Int(UInt32(bigEndian: $0.loadUnaligned(fromByteOffset: offset, as: UInt32.self))) }
            guard length >= SealedEntry.frameOverhead, length <= SealedEntry.chunkSize + SealedEntry.maximumRecord + SealedEntry.frameOverhead
            else { throw BackupError.tampered("\(name): chunk \(index) claims \(length) bytes") }
            guard pending.count - offset - 4 >= length else { break }
            guard !sawFinal else { throw BackupError.tampered("\(name): data after its final chunk") }
            let flag = pending[offset + 4]
            guard flag <= 1 else { throw BackupError.tampered("\(name): chunk \(index) has no valid final flag") }
            cut.append(Frame(index: index, final: flag == 1, sealed: Data(pending[(offset + 5)..<(offset + 4 + length)])))
            sawFinal = flag == 1
            index += 1
            offset += 4 + length
        }
        if offset > 0 { pending.removeFirst(offset) }
        return cut
    }

    /// Throws unless the entry ended with its final chunk and nothing after it.
    func finish() throws {
        guard sawFinal, pending.isEmpty else {
            throw BackupError.truncated("\(name) ends after \(index) chunks without its final one")
        }
    }
}
