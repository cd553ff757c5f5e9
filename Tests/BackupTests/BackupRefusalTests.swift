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

        func restore(_ archive: URL, passphrase: String = BackupFixture.passphrase, force: Bool = false) async throws -> DataDirectoryRestore.Outcome {
            try await DataDirectoryRestore.restore(
                archive: archive, dataDirectory: fixture.dataDirectory, passphrase: passphrase, keyFile: nil, force: force,
                restoredBy: "tester", source: "127.0.0.1/test")
        }

        /// Restoring `archive` fails with `expected`, and the data directory is as it was.
        func expectRefusal(_ archive: URL, passphrase: String = BackupFixture.passphrase, _ expected: (BackupError) -> Bool) async throws {
            do {
                _ = try await restore(archive, passphrase: passphrase)
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
        let log = try #require(entries[BackupEntryNames.log])
        let offset = try #require(bytes.range(of: log.prefix(64))).lowerBound + 100
        bytes[offset] ^= 0x01
        let flipped = setup.fixture.archive("flipped.zip")
        try bytes.write(to: flipped)
        try await setup.expectRefusal(flipped) { if case .tampered = $0 { true } else { false } }

        var changed = entries
        var entry = log
        entry[entry.startIndex + 100] ^= 0x01
        changed[BackupEntryNames.log] = entry
        let rebuilt = setup.fixture.archive("rebuilt.zip")
        try writeArchive(changed, to: rebuilt)
        try await setup.expectRefusal(rebuilt) { $0 == .tampered("\(BackupEntryNames.log): chunk 0 fails authentication") }
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

    /// An authentic log entry whose events were changed by someone holding the passphrase: the
    /// chain, recomputed record by record, refuses a changed payload and a dropped event.
    @Test func aLogWhoseChainIsBrokenIsRefused() async throws {
        let setup = try await Setup()
        defer { setup.fixture.tearDown() }
        let changed = setup.fixture.archive("changed.zip")
        try resealLog(setup.fixture.archive(), to: changed, in: setup.fixture.directory) { records in
            // The last byte before the 32-byte hash is the payload's closing brace; make it a space.
            records[3][records[3].count - 33] = UInt8(ascii: " ")
        }
        try await setup.expectRefusal(changed) {
            $0 == .verificationFailed("log: import refused: the event at position 4 does not continue the chain (its hash does not match)")
        }
        let dropped = setup.fixture.archive("dropped.zip")
        try resealLog(setup.fixture.archive(), to: dropped, in: setup.fixture.directory) { $0.remove(at: 2) }
        try await setup.expectRefusal(dropped) { $0 == .verificationFailed("log: import refused: expected position 3, found 4") }
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

/// The log entry's records, opened with the archive's key, changed by `transform` and sealed again.
func resealLog(_ source: URL, to destination: URL, in directory: URL, _ transform: (inout [[UInt8]]) -> Void) throws {
    var entries = try entryData(source)
    let headerBytes = Array(try #require(entries[BackupHeader.entryName]))
    let header = try BackupHeader.decode(headerBytes)
    let key = try BackupKey.derive(for: header.key, passphrase: BackupFixture.passphrase, keyFile: nil)
    let context = Array(SHA256.hash(data: headerBytes))
    var reader = SealedEntryReader(name: BackupEntryNames.log, key: key, context: context)
    var records: [[UInt8]] = []
    try reader.consume(try #require(entries[BackupEntryNames.log])) { records.append(Array($0)) }
    try reader.finish()
    transform(&records)
    let sealed = directory.appendingPathComponent("log-\(UUID().uuidString)")
    var writer = try SealedEntryWriter(name: BackupEntryNames.log, url: sealed, key: key, context: context)
    for record in records { try writer.append(record: record) }
    try writer.finish()
    entries[BackupEntryNames.log] = try Data(contentsOf: sealed)
    try writeArchive(entries, to: destination)
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
    for name in [BackupHeader.entryName, BackupManifest.entryName, BackupEntryNames.log, BackupEntryNames.secretKey] {
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
