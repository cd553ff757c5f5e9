import Crypto
import Foundation

/// One bundled SQL file `Migrations/NNNN_name.sql`. Files are never edited once landed, so
/// the recorded SHA-256 lets a later open notice an edited or swapped file.
struct Migration: Sendable, Equatable {
    var version: Int
    var name: String
    var sql: String
    /// Lowercase hex SHA-256 of the file's bytes.
    var sha256: String

    /// Parses `NNNN_name.sql`; `nil` for any other file name.
    init?(fileName: String, contents: Data) {
        guard fileName.hasSuffix(".sql") else { return nil }
        let stem = fileName.dropLast(4)
        guard let underscore = stem.firstIndex(of: "_") else { return nil }
        let digits = stem[..<underscore]
        let name = stem[stem.index(after: underscore)...]
        guard digits.count == 4, digits.allSatisfy(\.isASCII), let version = Int(digits), version > 0,
            !name.isEmpty, let sql = String(data: contents, encoding: .utf8)
        else { return nil }
        self.version = version
        self.name = String(name)
        self.sql = sql
        sha256 = Hexadecimal.lowercase(SHA256.hash(data: contents))
    }

    /// The migrations shipped in this build, in order, numbered 1, 2, 3 … without gaps.
    static func bundled() throws(EventLogError) -> [Migration] {
        guard let folder = Bundle.module.url(forResource: "Migrations", withExtension: nil) else {
            throw .migrationMismatch("the Migrations folder is missing from the EventLog bundle")
        }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        } catch {
            throw .migrationMismatch("cannot list \(folder.path): \(error)")
        }
        var migrations: [Migration] = []
        for fileName in names where fileName.hasSuffix(".sql") {
            guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent(fileName).path),
                let migration = Migration(fileName: fileName, contents: data)
            else { throw .migrationMismatch("\(fileName) is not a readable NNNN_name.sql file") }
            migrations.append(migration)
        }
        migrations.sort { $0.version < $1.version }
        for (index, migration) in migrations.enumerated() where migration.version != index + 1 {
            throw .migrationMismatch(
                "bundled migrations must be numbered 1, 2, 3 … without gaps or duplicates; found \(migration.version) at place \(index + 1)")
        }
        guard !migrations.isEmpty else { throw .migrationMismatch("no migrations are bundled") }
        return migrations
    }
}
