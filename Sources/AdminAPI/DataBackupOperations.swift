import AdminModels
import Domain
import Foundation

/// The file side of manual §5.6.4 "Data backup" that the API hands on: the archives in the data
/// directory's `backup/`, a manual backup, a deletion. The server implements it with the backup
/// module; the API records each administrator's action in the log itself.
public protocol DataBackupOperations: Sendable {
    /// Every archive, newest first.
    func archives() -> [BackupArchiveView]
    /// The archive's file, `nil` when there is none of that folder and name (a name that is not an
    /// archive's, e.g. with a `/`, is none).
    func file(folder: String, name: String) -> URL?
    /// Makes an archive of the log up to its head into `backup/manual/`, sealed with `passphrase`
    /// or, when `nil`, the configured one (a ``DomainError`` when there is none).
    func createManualBackup(passphrase: String?) async throws -> BackupArchiveRecord
    /// Deletes an archive; `false` when there is none of that folder and name.
    func delete(folder: String, name: String) throws -> Bool
    /// Verifies the archive (key, chain, replay to its state hash) and stages it for the swap at
    /// the next start, then restarts the server; refused archives change nothing.
    func restore(folder: String, name: String, passphrase: String?, force: Bool, actor: String, source: String) async throws -> BackupRestoreView
    /// The distribution service's test: a test file to the FTP server, a test e-mail.
    func testDistribution() async -> BackupDistributionTestView
}
