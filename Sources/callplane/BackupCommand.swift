import TerminalInput
import ArgumentParser
import Backup
import CallplaneServer
import EventLog
import Foundation
import SNMP

/// `callplane backup`: manual backups, their check, and restore (manual §5.6.4.3, §5.6.4.4;
/// issue 18). These work on the data directory itself: `create` reads the log read-only beside a
/// running server (a consistent cut at the head, appends go on), `restore` needs the server
/// stopped and takes the directory's lock.
struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup", abstract: "Make, check and restore encrypted backups of the event log.",
        subcommands: [Create.self, Verify.self, Restore.self]
    )

    /// The passphrase (asked on the terminal, or a line of standard input) or a key file.
    struct KeyOptions: ParsableArguments {
        @Option(name: .customLong("key-file"), help: "A file holding a 32-byte key (raw or 64 hex digits) instead of a passphrase.")
        var keyFile: String?
        @Flag(name: .customLong("passphrase-stdin"), help: "Read the passphrase as a line of standard input instead of asking.")
        var passphraseStandardInput = false

        func keyFileContents() throws -> [UInt8]? {
            guard let keyFile else { return nil }
            guard let contents = FileManager.default.contents(atPath: keyFile) else { throw ValidationError("cannot read the key file \(keyFile)") }
            return Array(contents)
        }

        func passphrase(new: Bool) throws -> String? {
            guard keyFile == nil else { return nil }
            let input = PasswordInput(
                fromStandardInput: passphraseStandardInput, withoutTerminal: "give it on standard input with --passphrase-stdin, or use --key-file")
            return new ? try input.newPassword("Backup passphrase: ") : try input.line("Backup passphrase: ")
        }
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write an encrypted backup of the data directory's log, its state and its key (the server may run).",
            discussion: "The archive is written under a .partial name and renamed when complete, so a file of the final name is always whole.")
        @Option(name: .customLong("data-dir"), help: "The server's data directory.") var dataDirectory: String = "./data"
        @Option(name: .customLong("secret-key-file"), help: "The server's secret key (default: secret.key in the data directory).")
        var secretKeyFile: String?
        @Option(name: .shortAndLong, help: "The archive to write (default: <data-dir>/backup/manual/callplane-<time>.zip).")
        var output: String?
        @OptionGroup var key: KeyOptions

        func run() async throws {
            let keyPath = secretKeyFile ?? (dataDirectory as NSString).appendingPathComponent("secret.key")
            let now = Date()
            let destination: URL
            if let output {
                destination = URL(fileURLWithPath: output)
            } else {
                let directory = URL(fileURLWithPath: dataDirectory).appendingPathComponent("backup/manual", isDirectory: true)
                try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
                destination = directory.appendingPathComponent(DataDirectoryRestore.manualArchiveName(at: now))
            }
            let backupKey =
                if let contents = try key.keyFileContents() {
                    try BackupKey.fromKeyFile(contents)
                } else {
                    try BackupKey.newPassphraseKey(try key.passphrase(new: true) ?? "")
                }
            let log = try OfflineLog.open(dataDirectory: dataDirectory)
            let bar = ProgressBar(label: "backing up")
            let manifest: BackupManifest
            do {
                manifest = try BackupWriter.write(
                    log: log, to: destination, key: backupKey,
                    options: .init(
                        softwareVersion: EmbeddedSNMPAgent.softwareVersion, createdBy: "cli", createdAt: Int64(now.timeIntervalSince1970 * 1_000_000),
                        secretKeyFile: FileManager.default.contents(atPath: keyPath).map(Array.init)),
                    progress: bar.update)
            } catch {
                await log.close()
                throw error
            }
            await log.close()
            bar.finish()
            print("backup \(destination.path)")
            BackupCommand.show(manifest)
        }
    }

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check an archive as a restore would (key, manifest, every event's chain hash, the replayed state hash), changing nothing.",
            discussion: "Exit status 0 when the archive verifies, 1 with the reason when it does not.")
        @Argument(help: "The archive.") var archive: String
        @OptionGroup var key: KeyOptions

        func run() async throws {
            let bar = ProgressBar(label: "verifying")
            do {
                let verified = try BackupReader.verify(
                    URL(fileURLWithPath: archive), passphrase: try key.passphrase(new: false), keyFile: try key.keyFileContents(), progress: bar.update)
                bar.finish()
                print("verified \(archive)")
                BackupCommand.show(verified.manifest)
            } catch let error as BackupError {
                bar.finish()
                throw BackupCommand.Refusal(error: error)
            }
        }
    }

    struct Restore: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Verify an archive, then put it in place of the data directory's log (the server must be stopped).",
            discussion: """
                Nothing is touched unless the whole archive verifies. The previous database and key are kept as dated \
                .pre-restore-<time> copies. An archive of another system is refused unless --force; a data directory that \
                only holds its first start counts as a fresh install and takes any archive.
                """)
        @Argument(help: "The archive.") var archive: String
        @Option(name: .customLong("data-dir"), help: "The server's data directory.") var dataDirectory: String = "./data"
        @Option(name: .customLong("secret-key-file"), help: "The server's secret key (default: secret.key in the data directory).")
        var secretKeyFile: String?
        @Flag(help: "Restore an archive of another system.") var force = false
        @OptionGroup var key: KeyOptions

        func run() async throws {
            CommandLineLogging.bootstrap(level: .warning)
            try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            let lock = try DataDirectoryLock(dataDirectory: dataDirectory)
            let bar = ProgressBar(label: "verifying")
            do {
                let outcome = try await DataDirectoryRestore.restore(
                    archive: URL(fileURLWithPath: archive), dataDirectory: dataDirectory, secretKeyPath: secretKeyFile,
                    passphrase: try key.passphrase(new: false), keyFile: try key.keyFileContents(), force: force,
                    restoredBy: "cli", source: "local:" + (ProcessInfo.processInfo.environment["USER"] ?? "unknown"), progress: bar.update)
                bar.finish()
                print("restored \(archive) into \(dataDirectory)")
                BackupCommand.show(outcome.manifest)
                for copy in outcome.preRestoreCopies { print("kept\t\(copy)") }
            } catch let error as BackupError {
                bar.finish()
                throw BackupCommand.Refusal(error: error)
            }
            withExtendedLifetime(lock) {}
        }
    }

    /// A refused archive: its reason on standard error and exit status 1.
    struct Refusal: Error, CustomStringConvertible {
        let error: BackupError
        var description: String { error.description }
    }

    static func show(_ manifest: BackupManifest) {
        let created = Date(timeIntervalSince1970: Double(manifest.createdAt) / 1_000_000)
        Swift.print("system\t\(manifest.systemID) (\(manifest.systemName))")
        Swift.print("created\t\(ISO8601DateFormatter().string(from: created)) by \(manifest.createdBy), \(manifest.softwareVersion)")
        Swift.print("head\t\(manifest.headPosition) \(manifest.headHash)")
        Swift.print("state\t\(manifest.stateHash)")
        Swift.print(
            "counts\t\(manifest.counts.events) events, \(manifest.counts.users) users, \(manifest.counts.terminals) terminals, \(manifest.counts.accounts) accounts"
        )
    }
}
