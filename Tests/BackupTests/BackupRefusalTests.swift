import CSQLite
import Crypto
import Domain
import EventLog
import Foundation
import Testing
import ZIPFoundation
@testable import Backup

/// Issue 18, "Done when", second point: each bad archive fails verification with its own message
/// and changes nothing in the data directory it was to be restored into.
@Suite struct BackupRefusalTests {
    struct Setup {
        let fixture: BackupFixture
        let before: Data
        let manifest: BackupManifest

        init() async throws {
            fixture = try BackupFixture()
            try await fixture.configure(users: 4)
            manifest = try await fixture.backUp(to: fixture.archive())
            // The system goes on after the backup; the refusals must leave it exactly so.
            try await fixture.configure(users: 2)
            before = try Data(contentsOf: URL(fileURLWithPath: fixture.logPath))
        }

        func restore(
            _ archive: URL, passphrase: String? = BackupFixture.passphrase, keyFile: [UInt8]? = nil, force: Bool = false
        ) async throws -> DataDirectoryRestore.Outcome {
            try await DataDirectoryRestore.restore(
                archive: archive, dataDirectory: fixture.dataDirectory, passphrase: keyFile == nil ? passphrase : nil, keyFile: keyFile, force: force,
                restoredBy: "tester", source: "127.0.0.1/test")
        }

        /// Restoring `archive` fails with `expected`, and the data directory is as it was.
        func expectRefusal(
            _ archive: URL, passphrase: String = BackupFixture.passphrase, keyFile: [UInt8]? = nil, force: Bool = false,
            _ expected: (BackupError) -> Bool
        ) async throws {
            do {
                _ = try await restore(archive, passphrase: passphrase, keyFile: keyFile, force: force)
                Issue.record("restored an archive that should have been refused")
            } catch let error as BackupError {
                #expect(expected(error), "refused with \(error)")
            }
            #expect(try Data(contentsOf: URL(fileURLWithPath: fixture.logPath)) == before)
            #expect(try leftovers(in: fixture.dataDirectory).isEmpty)
            #expect(try FileManager.default.contentsOfDirectory(atPath: fixture.dataDirectory).allSatisfy { !$0.contains("pre-restore") })
        }
    }

    @Test func aTruncatedArchiveIsRefused() async throws {
        let setup = try await Setup()
        defer { setup.fixture.tearDown() }
        let whole = try Data(contentsOf: setup.fixture.archive())
        let cut = setup.fixture.archive("cut.zip")
        try whole.prefix(whole.count * 6 / 10).write(to: cut)
        try await setup.expectRefusal(cut) { if case .truncated = $0 { true } else { false } }
        #expect(BackupError.truncated("x").description.hasPrefix("the backup is truncated"))
    }

    /// A flipped byte is caught by the ZIP's CRC when the entry is read; one whose ZIP was rebuilt
    /// around it (CRC recomputed) by AES-GCM's tag.
    @Test func aFlippedByteIsRefused() async throws {
        let setup = try await Setup()
        defer { setup.fixture.tearDown() }
        var bytes = try Data(contentsOf: setup.fixture.archive())
        let entries = try entryData(setup.fixture.archive())
        let log = try #require(entries[BackupEntryNames.database])
        let offset = try #require(bytes.range(of: log.prefix(64))).lowerBound + 100
        bytes[offset] ^= 0x01
        let flipped = setup.fixture.archive("flipped.zip")
        try bytes.write(to: flipped)
        try await setup.expectRefusal(flipped) { if case .tampered = $0 { true } else { false } }

        var changed = entries
        var entry = log
        entry[entry.startIndex + 100] ^= 0x01
        changed[BackupEntryNames.database] = entry
        let rebuilt = setup.fixture.archive("rebuilt.zip")
        try writeArchive(changed, to: rebuilt)
        try await setup.expectRefusal(rebuilt) { $0 == .tampered("\(BackupEntryNames.database): chunk 0 fails authentication") }
    }

    @Test func aWrongPassphraseIsRefused() async throws {
        let setup = try await Setup()
        defer { setup.fixture.tearDown() }
        try await setup.expectRefusal(setup.fixture.archive(), passphrase: "not the passphrase at all") {
            $0 == .wrongKey("the passphrase does not open this archive")
        }
    }

    /// An archive whose (authentic) manifest names a newer log schema than this build's.
    @Test func anArchiveFromANewerSchemaIsRefused() async throws {
        let setup = try await Setup()
        defer { setup.fixture.tearDown() }
        var manifest = setup.manifest
        manifest.logSchema = try EventLog.schemaVersion + 1
        let newer = setup.fixture.archive("newer.zip")
        try reseal(setup.fixture.archive(), manifest: manifest, to: newer, in: setup.fixture.directory)
        try await setup.expectRefusal(newer) {
            $0 == .newerSchema("log schema \(manifest.logSchema), this build has \(manifest.logSchema - 1) (software Callplane test)")
        }
    }

    /// A valid archive of another system is refused unless forced, and then restores.
    @Test func anArchiveOfAnotherSystemIsRefusedUnlessForced() async throws {
        let setup = try await Setup()
        defer { setup.fixture.tearDown() }
        let other = try BackupFixture()
        defer { other.tearDown() }
        let (otherHash, _) = try await other.configure(systemID: "CP-ffffffffffffffffffffffff", users: 3)
        let archive = setup.fixture.archive("other.zip")
        try await other.backUp(to: archive)
        try await setup.expectRefusal(archive) {
            $0 == .otherSystem(archive: "CP-ffffffffffffffffffffffff", current: "CP-0123456789abcdef01234567")
        }
        let outcome = try await setup.restore(archive, force: true)
        #expect(outcome.stateHash == otherHash)
    }

    /// An authentic log whose events were changed by someone holding the passphrase: the chain,
    /// walked through the unsealed database, refuses a changed payload and a dropped event, and a
    /// file that is not a database at all is refused as such.
    @Test func aLogWhoseChainIsBrokenIsRefused() async throws {
        let setup = try await Setup()
        defer { setup.fixture.tearDown() }
        let changed = setup.fixture.archive("changed.zip")
        try resealDatabase(setup.fixture.archive(), to: changed, in: setup.fixture.directory) { database in
            try execute("UPDATE events SET payload = payload || ' ' WHERE position = 4", on: database)
        }
        try await setup.expectRefusal(changed) {
            $0
                == .verificationFailed(
                    "log: import refused: the chain is broken at position 4: stored hash does not match the event's content and the previous hash")
        }
        let dropped = setup.fixture.archive("dropped.zip")
        try resealDatabase(setup.fixture.archive(), to: dropped, in: setup.fixture.directory) { database in
            try execute("DELETE FROM events WHERE position = 3", on: database)
        }
        try await setup.expectRefusal(dropped) {
            $0 == .verificationFailed("log: import refused: the chain is broken at position 4: expected position 3 after 2, found 4")
        }
        let garbage = setup.fixture.archive("garbage.zip")
        try resealEntry(setup.fixture.archive(), BackupEntryNames.database, to: garbage, in: setup.fixture.directory) { records in
            records = [Array(repeating: 0x5a, count: 8_192)]
        }
        try await setup.expectRefusal(garbage) {
            if case .verificationFailed(let reason) = $0 { reason.contains("file is not a database") } else { false }
        }
    }

    /// A manifest whose head is before the log's last event: the events after it are not the
    /// backup's, and the archive is refused rather than restored with them.
    @Test func eventsAfterTheManifestsHeadAreRefused() async throws {
        let setup = try await Setup()
        defer { setup.fixture.tearDown() }
        var manifest = setup.manifest
        manifest.headPosition -= 1
        let longer = setup.fixture.archive("longer.zip")
        try reseal(setup.fixture.archive(), manifest: manifest, to: longer, in: setup.fixture.directory)
        try await setup.expectRefusal(longer) {
            $0 == .verificationFailed("log: import refused: 1 events follow position \(manifest.headPosition)")
        }
    }

    /// An event smuggled in before the first position: the walk from position 1 would never see
    /// it, so it is counted apart and refused.
    @Test func anEventBeforeTheFirstPositionIsRefused() async throws {
        let setup = try await Setup()
        defer { setup.fixture.tearDown() }
        let smuggled = setup.fixture.archive("smuggled.zip")
        try resealDatabase(setup.fixture.archive(), to: smuggled, in: setup.fixture.directory) { database in
            try execute(
                "INSERT INTO events SELECT 0, randomblob(16), stream, 99, type, schema, at, actor, source, NULL, NULL, payload, hash FROM events WHERE position = 2",
                on: database)
        }
        try await setup.expectRefusal(smuggled) {
            $0 == .verificationFailed("log: import refused: 1 events have a position before the first (1)")
        }
    }

    /// An archive of the first format (every event as a record, imported row by row), changed by
    /// someone holding its key: the chain, recomputed record by record, refuses a changed payload
    /// and a dropped event.
    @Test func aRecordsLogWhoseChainIsBrokenIsRefused() async throws {
        let setup = try await Setup()
        defer { setup.fixture.tearDown() }
        let key = BackupKeyChoice.keyFile(FirstFormatArchive.keyFile)
        let changed = setup.fixture.archive("changed.zip")
        try resealEntry(FirstFormatArchive.url, BackupEntryNames.log, key: key, to: changed, in: setup.fixture.directory) { records in
            // The last byte before the 32-byte hash is the payload's closing brace; make it a space.
            records[3][records[3].count - 33] = UInt8(ascii: " ")
        }
        try await setup.expectRefusal(changed, keyFile: FirstFormatArchive.keyFile) {
            $0 == .verificationFailed("log: import refused: the event at position 4 does not continue the chain (its hash does not match)")
        }
        let dropped = setup.fixture.archive("dropped.zip")
        try resealEntry(FirstFormatArchive.url, BackupEntryNames.log, key: key, to: dropped, in: setup.fixture.directory) { $0.remove(at: 2) }
        try await setup.expectRefusal(dropped, keyFile: FirstFormatArchive.keyFile) {
            $0 == .verificationFailed("log: import refused: expected position 3, found 4")
        }
    }

    /// A manifest that disagrees with its (authentic) log: the state the log replays to is checked.
    @Test func aManifestWhoseStateHashTheLogDoesNotReproduceIsRefused() async throws {
        let setup = try await Setup()
        defer { setup.fixture.tearDown() }
        var manifest = setup.manifest
        manifest.stateHash = String(repeating: "0", count: 64)
        let lying = setup.fixture.archive("lying.zip")
        try reseal(setup.fixture.archive(), manifest: manifest, to: lying, in: setup.fixture.directory)
        try await setup.expectRefusal(lying) {
            $0 == .verificationFailed("the log replays to state hash \(setup.manifest.stateHash), the manifest says \(manifest.stateHash)")
        }
    }
}

/// The records of the entry `name`, opened with the archive's key (by default the fixture's
/// passphrase), changed by `transform` and sealed again.
func resealEntry(
    _ source: URL, _ name: String, key choice: BackupKeyChoice = .passphrase, to destination: URL, in directory: URL,
    _ transform: (inout [[UInt8]]) throws -> Void
) throws {
    var entries = try entryData(source)
    let headerBytes = Array(try #require(entries[BackupHeader.entryName]))
    let header = try BackupHeader.decode(headerBytes)
    let key: BackupKey
    switch choice {
    case .passphrase: key = try BackupKey.derive(for: header.key, passphrase: BackupFixture.passphrase, keyFile: nil)
    case .keyFile(let bytes): key = try BackupKey.derive(for: header.key, passphrase: nil, keyFile: bytes)
    }
    let context = Array(SHA256.hash(data: headerBytes))
    var reader = SealedEntryReader(name: name, key: key, context: context)
    var records: [[UInt8]] = []
    try reader.consume(try #require(entries[name])) { records.append(Array($0)) }
    try reader.finish()
    try transform(&records)
    let sealed = directory.appendingPathComponent("entry-\(UUID().uuidString)")
    var writer = try SealedEntryWriter(name: name, url: sealed, key: key, context: context)
    for record in records { try writer.append(record: record) }
    try writer.finish()
    entries[name] = try Data(contentsOf: sealed)
    try writeArchive(entries, to: destination)
}

/// The archive with its log's database file changed by `change` (given the file's path) and
/// sealed again under the archive's own key.
func resealDatabase(_ source: URL, to destination: URL, in directory: URL, _ change: (String) throws -> Void) throws {
    try resealEntry(source, BackupEntryNames.database, to: destination, in: directory) { records in
        let path = directory.appendingPathComponent("database-\(UUID().uuidString).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data(records.joined()).write(to: URL(fileURLWithPath: path))
        try change(path)
        records = [Array(try Data(contentsOf: URL(fileURLWithPath: path)))]
    }
}

/// Runs `sql` on the SQLite file at `path`, as someone editing an unsealed archive would.
func execute(_ sql: String, on path: String) throws {
    var database: OpaquePointer?
    guard sqlite3_open(path, &database) == SQLITE_OK else { throw BackupError.storage("cannot open \(path)") }
    defer { sqlite3_close(database) }
    guard sqlite3_exec(database, sql, nil, nil, nil) == SQLITE_OK else {
        throw BackupError.storage("\(sql): \(String(cString: sqlite3_errmsg(database)))")
    }
}

/// The raw (sealed) bytes of every entry.
func entryData(_ url: URL) throws -> [String: Data] {
    let archive = try Archive(url: url, accessMode: .read)
    var entries: [String: Data] = [:]
    for entry in archive {
        var data = Data()
        _ = try archive.extract(entry) { data.append($0) }
        entries[entry.path] = data
    }
    return entries
}

func writeArchive(_ entries: [String: Data], to url: URL) throws {
    let archive = try Archive(url: url, accessMode: .create)
    for name in [BackupHeader.entryName, BackupManifest.entryName, BackupEntryNames.log, BackupEntryNames.database, BackupEntryNames.secretKey] {
        guard let data = entries[name] else { continue }
        try archive.addEntry(with: name, type: .file, uncompressedSize: Int64(data.count)) { position, size in
            data.subdata(in: Int(position)..<Int(position) + size)
        }
    }
}

/// The archive with its manifest replaced by `manifest`, sealed under the archive's own key: what
/// someone holding the passphrase could make, so only the checks after authentication can refuse it.
func reseal(_ source: URL, manifest: BackupManifest, to destination: URL, in directory: URL) throws {
    var entries = try entryData(source)
    let headerBytes = Array(try #require(entries[BackupHeader.entryName]))
    let header = try BackupHeader.decode(headerBytes)
    let key = try BackupKey.derive(for: header.key, passphrase: BackupFixture.passphrase, keyFile: nil)
    let sealed = directory.appendingPathComponent("manifest-\(UUID().uuidString)")
    var writer = try SealedEntryWriter(name: BackupManifest.entryName, url: sealed, key: key, context: Array(SHA256.hash(data: headerBytes)))
    try writer.append(record: try manifest.encoded())
    try writer.finish()
    entries[BackupManifest.entryName] = try Data(contentsOf: sealed)
    try writeArchive(entries, to: destination)
}
