import AdminModels
import Domain
import Foundation
import HTTPTypes
import Hummingbird

extension AdminAPI {
    /// The data backup settings (manual §5.6.4, WebAdmin "Maintenance / Data backup").
    @Sendable func getBackupSettings(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        backupSettingsResponse(headers: [:])
    }

    /// Replaces the data backup settings; the auto backup follows them from its next run on.
    @Sendable func putBackupSettings(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        let options = try await WriteOptions(request, context)
        let body = try RequestBody.decode(BackupSettingsChange.self, from: options.body)
        let outcome = try await execute(.setBackupSettings(try body.draft()), options)
        return backupSettingsResponse(headers: writeHeaders(outcome))
    }

    /// The test button of the distribution service: nothing is recorded, nothing raised.
    @Sendable func testBackupDistribution(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        JSONResponse.make(.ok, try await backupOperations().testDistribution())
    }

    @Sendable func listBackups(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        JSONResponse.make(.ok, BackupArchiveList(backups: try backupOperations().archives()))
    }

    /// A manual backup now (manual §5.6.4.3), while the server keeps running: the log up to its
    /// head at the start, appends go on. Recorded with the caller as its actor.
    @Sendable func createBackup(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        let operations = try backupOperations()
        let options = try await WriteOptions(request, context)
        let body = options.body.readableBytes == 0 ? BackupCreation() : try RequestBody.decode(BackupCreation.self, from: options.body)
        let record = try await operations.createManualBackup(passphrase: body.passphrase)
        let outcome = try await execute(.recordBackupCreated(record), options)
        guard let view = operations.archives().first(where: { $0.folder == record.folder && $0.name == record.name }) else {
            throw APIError(status: .internalServerError, code: "backup_missing", message: "the archive \(record.name) was made but is gone")
        }
        var headers = writeHeaders(outcome)
        headers[.location] = view.href
        return JSONResponse.make(.created, view, headers: headers)
    }

    /// The archive as it is on disk (`application/zip`), streamed.
    @Sendable func downloadBackup(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        let (folder, name) = try backupPath(context)
        guard let file = try backupOperations().file(folder: folder, name: name) else { throw Self.backupNotFound(folder, name) }
        let body = try await FileIO().loadFile(path: file.path, context: context)
        var headers = HTTPFields()
        headers[.contentType] = "application/zip"
        headers[.contentDisposition] = "attachment; filename=\"\(name)\""
        return Response(status: .ok, headers: headers, body: body)
    }

    /// Restores an archive of the list (manual §5.6.4.4): verified first — a refused archive
    /// changes nothing — then staged, and the server restarts onto it. The restored log records
    /// `backup.restored` with the caller as its actor; every reactor starts at its head, so
    /// nothing is sent again.
    @Sendable func restoreBackup(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        let (folder, name) = try backupPath(context)
        let operations = try backupOperations()
        let options = try await WriteOptions(request, context)
        let body = options.body.readableBytes == 0 ? BackupRestoreRequest() : try RequestBody.decode(BackupRestoreRequest.self, from: options.body)
        guard operations.file(folder: folder, name: name) != nil else { throw Self.backupNotFound(folder, name) }
        let view = try await operations.restore(
            folder: folder, name: name, passphrase: body.passphrase, force: body.force, actor: options.origin.actor, source: options.origin.source)
        return JSONResponse.make(.accepted, view)
    }

    @Sendable func deleteBackup(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        let (folder, name) = try backupPath(context)
        let options = try await WriteOptions(request, context)
        guard try backupOperations().delete(folder: folder, name: name) else { throw Self.backupNotFound(folder, name) }
        let outcome = try await execute(.recordBackupDeleted(BackupArchiveRecord(folder: folder, name: name)), options)
        return Response(status: .noContent, headers: writeHeaders(outcome))
    }

    /// A first start (manual §5.6.3.2, WebAdmin "System reset"): the configuration back to its
    /// defaults, keeping the system's id and certificate; the previous log is kept as a dated
    /// copy, and the server restarts onto the new one. Needs `{"confirm": true}`.
    @Sendable func startFirst(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        let options = try await WriteOptions(request, context)
        let body = try RequestBody.decode(FirstStartRequest.self, from: options.body)
        guard body.confirm else { throw APIError.invalid("confirm", "must be true: a first start resets the whole configuration") }
        guard let firstStart else {
            throw APIError(status: .serviceUnavailable, code: "first_start_unavailable", message: "this server has no data directory to reset")
        }
        return JSONResponse.make(.accepted, try await firstStart(options.origin))
    }

    private func backupSettingsResponse(headers: HTTPFields) -> Response {
        let state = projection.current.state
        let version = state.version(ofStream: DomainEvent.backupSettingsStream)
        return entityResponse(.ok, BackupSettingsView(state.backupSettings, version: version), version: version, headers: headers)
    }

    private func backupOperations() throws -> any DataBackupOperations {
        guard let backups else {
            throw APIError(status: .serviceUnavailable, code: "backups_unavailable", message: "this server has no data directory for backups")
        }
        return backups
    }

    private func backupPath(_ context: AdminRequestContext) throws -> (String, String) {
        (try context.parameters.require("folder"), try context.parameters.require("name"))
    }

    private static func backupNotFound(_ folder: String, _ name: String) -> APIError {
        APIError(status: .notFound, code: "backup_not_found", message: "no backup \(folder)/\(name)", details: ["folder": folder, "name": name])
    }
}
