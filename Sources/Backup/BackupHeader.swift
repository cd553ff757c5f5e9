import Crypto
import Foundation

/// The one entry of an archive in the clear (`callplane-backup.json`): what it is and how its
/// key is derived. Everything else is sealed, and every sealed chunk authenticates this entry's
/// exact bytes as well, so a header moved from another archive or edited fails authentication.
struct BackupHeader: Codable, Equatable {
    static let entryName = "callplane-backup.json"
    static let formatName = "callplane-backup"
    /// The archive layout this build writes, and the newest it reads: 2 carries the log as its
    /// database file (``BackupLogFormat/database``), 1 as records. A build that reads only 1
    /// would find no `log.sealed` in a layout-2 archive and call it truncated; the version makes
    /// it say "from a newer Callplane" instead.
    static let currentVersion = 2

    var format = formatName
    var version = currentVersion
    var key: BackupKeyDerivation
    /// ``BackupKey/check``: tells a wrong passphrase from a changed archive.
    var keyCheck: String

    func encoded() throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        return Array(try encoder.encode(self))
    }

    static func decode(_ bytes: [UInt8]) throws(BackupError) -> BackupHeader {
        let header: BackupHeader
        do {
            header = try JSONDecoder().decode(BackupHeader.self, from: Data(bytes))
        } catch {
            throw .malformed("\(entryName) is not a backup header: \(error)")
        }
        guard header.format == formatName else { throw .malformed("\(entryName) names the format \(header.format)") }
        guard header.version <= currentVersion else {
            throw .newerSchema("archive layout \(header.version), this build reads up to \(currentVersion)")
        }
        return header
    }
}
