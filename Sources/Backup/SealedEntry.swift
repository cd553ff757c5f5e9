import Crypto
import Foundation

/// The sealed form of an archive entry (issue 18, point 1): a sequence of frames, each one chunk
/// of the entry's records sealed with AES-256-GCM under a fresh random nonce.
///
/// ```
/// entry  = frame* (the last one marked final)
/// frame  = u32 length of the rest ‖ final (1 byte: 1 on the last chunk, else 0) ‖ sealed
/// sealed = nonce (12) ‖ ciphertext ‖ tag (16)
/// chunk  = (u32 length of record ‖ record)*      (the plaintext; a record never spans chunks)
/// AAD    = "callplane-backup v1" ‖ SHA-256(header entry) ‖ u16 name length ‖ name ‖ u64 index ‖ final (1 byte)
/// ```
///
/// Chunks keep memory flat whatever the log's length: a writer holds one chunk, a reader one
/// frame. The additional data binds each chunk to its archive (the header's digest), its entry
/// and its place, so a chunk moved, dropped or repeated fails authentication, and the final flag
/// makes an entry cut at a chunk boundary a truncation rather than a shorter valid entry.
enum SealedEntry {
    /// Plaintext per chunk, before a record that would not fit starts the next chunk.
    static let chunkSize = 1 << 20
    /// No record (one event, the manifest, a snapshot) may be longer; a frame claiming more is
    /// refused before anything is allocated for it.
    static let maximumRecord = 64 << 20
    static let nonceSize = 12
    static let tagSize = 16
    /// The final flag, the nonce and the tag.
    static let frameOverhead = 1 + nonceSize + tagSize

    static func additionalData(context: [UInt8], name: String, index: UInt64, final: Bool) -> [UInt8] {
        var data = Array("callplane-backup v1".utf8)
        data += context
        let nameBytes = Array(name.utf8)
        withUnsafeBytes(of: UInt16(nameBytes.count).bigEndian) { data += $0 }
        data += nameBytes
        withUnsafeBytes(of: index.bigEndian) { data += $0 }
        data.append(final ? 1 : 0)
        return data
    }
}
