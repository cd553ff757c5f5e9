import Crypto
import Foundation

/// Writes one sealed entry (``SealedEntry``) to a file, a chunk at a time.
struct SealedEntryWriter {
    let name: String
    let url: URL
    private let key: SymmetricKey
    private let context: [UInt8]
    private let handle: FileHandle
    private var chunk: [UInt8] = []
    private var index: UInt64 = 0
    private(set) var records = 0
    private(set) var bytesWritten: Int64 = 0

    init(name: String, url: URL, key: BackupKey, context: [UInt8]) throws {
        self.name = name
        self.url = url
        self.key = key.key
        self.context = context
        guard FileManager.default.createFile(atPath: url.path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
            throw BackupError.storage("cannot create \(url.path)")
        }
        handle = try FileHandle(forWritingTo: url)
        chunk.reserveCapacity(SealedEntry.chunkSize + 4096)
    }

    mutating func append(record: UnsafeRawBufferPointer) throws {
        guard record.count <= SealedEntry.maximumRecord else {
            throw BackupError.storage("a record of \(record.count) bytes is longer than an archive holds (\(SealedEntry.maximumRecord))")
        }
        if !chunk.isEmpty, chunk.count + 4 + record.count > SealedEntry.chunkSize { try seal(final: false) }
        withUnsafeBytes(of: UInt32(record.count).bigEndian) { chunk.append(contentsOf: $0) }
        chunk.append(contentsOf: record)
        records += 1
    }

    mutating func append(record: [UInt8]) throws {
        try record.withUnsafeBytes { try append(record: $0) }
    }

    /// Seals the last chunk (marked final, even when empty), flushes the file to disk and closes it.
    mutating func finish() throws {
        try seal(final: true)
        try handle.synchronize()
        try handle.close()
    }

    private mutating func seal(final: Bool) throws {
        let aad = SealedEntry.additionalData(context: context, name: name, index: index, final: final)
        let box = try AES.GCM.seal(chunk, using: key, nonce: AES.GCM.Nonce(), authenticating: aad)
        var frame = [UInt8]()
        let sealedCount = SealedEntry.frameOverhead + box.ciphertext.count
        frame.reserveCapacity(4 + sealedCount)
        withUnsafeBytes(of: UInt32(sealedCount).bigEndian) { frame.append(contentsOf: $0) }
        frame.append(final ? 1 : 0)
        box.nonce.withUnsafeBytes { frame.append(contentsOf: $0) }
        frame.append(contentsOf: box.ciphertext)
        frame.append(contentsOf: box.tag)
        try handle.write(contentsOf: frame)
        bytesWritten += Int64(frame.count)
        chunk.removeAll(keepingCapacity: true)
        index += 1
    }
}
