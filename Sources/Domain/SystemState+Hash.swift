import Crypto
import EventLog
import Foundation

extension SystemState {
    /// Canonical encoding: canonical JSON (``CanonicalEncoder``: keys in byte order, integers,
    /// the shortest escaping). Also the snapshot format.
    ///
    /// The state keeps its records in dictionaries keyed by String, and sorted keys turn them into
    /// one fixed order, so two states with the same content encode to the same bytes however
    /// their events were interleaved; and the bytes do not depend on `JSONEncoder`, whose output
    /// is not promised to stay the same across toolchains (issue 12, point 6).
    public func canonicalEncoding() -> [UInt8] {
        do {
            return try CanonicalEncoder().encode(self)
        } catch {
            // Only strings, integers, booleans and nested records: nothing the encoder refuses.
            preconditionFailure("SystemState is always encodable: \(error)")
        }
    }

    /// Decodes a snapshot made by ``canonicalEncoding()``.
    public init(canonicalEncoding bytes: [UInt8]) throws {
        self = try JSONDecoder().decode(SystemState.self, from: Data(bytes))
    }

    /// SHA-256 of the canonical encoding, lowercase hex: identifies a state.
    ///
    /// Replay must rebuild the same hash (architecture rule 5); comparing hashes is how a restore or a
    /// snapshot is checked against the log.
    public func stateHash() -> String {
        Hexadecimal.lowercase(SHA256.hash(data: canonicalEncoding()))
    }

    /// Bump when the encoding changes, so old snapshots are ignored and the state replayed.
    /// 6: destination settings as one nested object (issue 12, point 4); 7: the canonical
    /// encoder instead of `JSONEncoder` (point 6); 8: the TLS certificate (issue 15, point 1).
    public static let snapshotSchema = 8

}
