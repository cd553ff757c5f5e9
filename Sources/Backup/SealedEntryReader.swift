import Crypto
import Foundation

/// Opens one sealed entry (``SealedEntry``) as its bytes arrive in pieces of any size, and hands
/// each record to the caller in order. Only a whole frame is opened, so nothing unauthenticated
/// ever reaches the caller.
struct SealedEntryReader {
    let name: String
    private let key: SymmetricKey
    private let context: [UInt8]
    private var pending: [UInt8] = []
    private var index: UInt64 = 0
    private var sawFinal = false
    private(set) var records = 0

    init(name: String, key: BackupKey, context: [UInt8]) {
        self.name = name
        self.key = key.key
        self.context = context
    }

    mutating func consume(_ data: Data, _ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        for (plaintext, chunk) in try openFrames(data) {
            records += try plaintext.withUnsafeBytes { try Self.records(in: $0, of: name, chunk: chunk, body) }
        }
    }

    /// As ``consume(_:_:)``, each record handed over as a slice of its chunk's plaintext, which
    /// it shares without a copy and may outlive the call (the unsealed database's pieces, written
    /// on another thread).
    mutating func consumeSharing(_ data: Data, _ body: (Data) throws -> Void) throws {
        for (plaintext, chunk) in try openFrames(data) {
            let base = plaintext.startIndex
            records += try plaintext.withUnsafeBytes { buffer in
                try Self.records(in: buffer, of: name, chunk: chunk) { record in
                    let start = base + (record.baseAddress.map { $0 - buffer.baseAddress! } ?? 0)
                    try body(plaintext[start..<start + record.count])
                }
            }
        }
    }

    /// The plaintext of every frame `data` completes, with its chunk index.
    private mutating func openFrames(_ data: Data) throws -> [(Data, UInt64)] {
        pending.append(contentsOf: data)
        var opened: [(Data, UInt64)] = []
        var offset = 0
        while pending.count - offset >= 4 {
            let length = pending.withUnsafeBytes { Int(UInt32(bigEndian: $0.loadUnaligned(fromByteOffset: offset, as: UInt32.self))) }
            guard length >= SealedEntry.frameOverhead, length <= SealedEntry.chunkSize + SealedEntry.maximumRecord + SealedEntry.frameOverhead
            else { throw BackupError.tampered("\(name): chunk \(index) claims \(length) bytes") }
            guard pending.count - offset - 4 >= length else { break }
            guard !sawFinal else { throw BackupError.tampered("\(name): data after its final chunk") }
            let frame = pending[(offset + 4)..<(offset + 4 + length)]
            opened.append((try open(frame), index - 1))
            offset += 4 + length
        }
        if offset > 0 { pending.removeFirst(offset) }
        return opened
    }

    /// Throws unless the entry ended with its final chunk and nothing after it.
    func finish() throws {
        guard sawFinal, pending.isEmpty else {
            throw BackupError.truncated("\(name) ends after \(index) chunks without its final one")
        }
    }

    /// The plaintext of one frame, once authenticated.
    private mutating func open(_ frame: ArraySlice<UInt8>) throws -> Data {
        let final: Bool
        switch frame[frame.startIndex] {
        case 0: final = false
        case 1: final = true
        default: throw BackupError.tampered("\(name): chunk \(index) has no valid final flag")
        }
        let nonceStart = frame.startIndex + 1
        let nonceEnd = nonceStart + SealedEntry.nonceSize
        let tagStart = frame.endIndex - SealedEntry.tagSize
        let plaintext: Data
        do {
            let box = try AES.GCM.SealedBox(
                nonce: try AES.GCM.Nonce(data: frame[nonceStart..<nonceEnd]), ciphertext: frame[nonceEnd..<tagStart], tag: frame[tagStart...])
            plaintext = try AES.GCM.open(
                box, using: key, authenticating: SealedEntry.additionalData(context: context, name: name, index: index, final: final))
        } catch {
            throw BackupError.tampered("\(name): chunk \(index) fails authentication")
        }
        sawFinal = final
        index += 1
        return plaintext
    }

    /// Hands each record of one chunk's plaintext to `body`; returns how many there were.
    private static func records(
        in chunk: UnsafeRawBufferPointer, of name: String, chunk index: UInt64, _ body: (UnsafeRawBufferPointer) throws -> Void
    ) throws -> Int {
        var offset = 0
        var count = 0
        while offset < chunk.count {
            guard chunk.count - offset >= 4 else { throw BackupError.malformed("\(name): a record's length is cut in chunk \(index)") }
            let length = Int(UInt32(bigEndian: chunk.loadUnaligned(fromByteOffset: offset, as: UInt32.self)))
            guard chunk.count - offset - 4 >= length else { throw BackupError.malformed("\(name): a record overruns chunk \(index)") }
            try body(UnsafeRawBufferPointer(rebasing: chunk[(offset + 4)..<(offset + 4 + length)]))
            count += 1
            offset += 4 + length
        }
        return count
    }
}
