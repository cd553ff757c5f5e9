import Foundation

/// The witness of the log's head kept beside the database, not in it (issue 13, point 19): a
/// file `log.witness` in the data directory holding one ``ChainWitness`` line. Whoever cuts the
/// log's tail inside the database must also find and replace this file, and cannot forge its
/// MAC without `secret.key`.
public struct WitnessFile: Sendable {
    /// The file's name in the data directory.
    public static let defaultName = "log.witness"

    public let path: String

    public init(path: String) { self.path = path }

    public init(dataDirectory: String) {
        path = (dataDirectory as NSString).appendingPathComponent(Self.defaultName)
    }

    /// The stored witness; `nil` when there is no file yet. A file that is not a witness's form
    /// is returned as a witness that can never be authentic, so the log's check reports it as
    /// such rather than as "no witness".
    public func read() -> ChainWitness? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return ChainWitness(text: String(decoding: data, as: UTF8.self)) ?? ChainWitness(position: 0, hash: [], mac: [])
    }

    /// Replaces the file atomically (a new file renamed over the old), owner-only like the rest
    /// of the data directory, so a crash leaves the old witness or the new one, never half.
    public func write(_ witness: ChainWitness) throws {
        let temporary = path + ".new"
        guard FileManager.default.createFile(atPath: temporary, contents: Data(witness.text.utf8), attributes: [.posixPermissions: 0o600]) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: temporary])
        }
        guard rename(temporary, path) == 0 else {
            throw CocoaError(
                .fileWriteUnknown, userInfo: [NSFilePathErrorKey: path, NSUnderlyingErrorKey: POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)])
        }
    }
}
