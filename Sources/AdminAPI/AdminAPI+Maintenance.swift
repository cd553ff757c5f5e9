import AdminModels
import Domain
import Foundation
import HTTPTypes
import Hummingbird

extension AdminAPI {
    @Sendable func getAccessControlSettings(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        settingsResponse(status: .ok, headers: [:])
    }

    /// The idle timeout of §5.3.2; it applies to open sessions from their next request on.
    @Sendable func patchAccessControlSettings(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        let options = try await WriteOptions(request, context)
        let body = try RequestBody.decode(AccessControlSettingsChange.self, from: options.body)
        var settings = projection.current.state.accessControl.settings
        if let minutes = body.idleTimeoutMinutes { settings.idleTimeoutMinutes = minutes }
        let outcome = try await execute(.setAccessControlSettings(settings), options)
        return settingsResponse(status: .ok, headers: writeHeaders(outcome))
    }

    @Sendable func getRemoteMaintenance(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        remoteMaintenanceResponse(headers: [:])
    }

    /// Enables remote maintenance once or permanently, or bars it (manual §5.4.1; the function
    /// codes *754/#754 and *753/#753 will issue the same command).
    @Sendable func putRemoteMaintenance(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        let options = try await WriteOptions(request, context)
        let body = try RequestBody.decode(RemoteMaintenanceChange.self, from: options.body)
        guard let mode = RemoteMaintenanceMode(rawValue: body.mode) else { throw APIError.invalid("mode", "one of barred, one_off, permanent") }
        let outcome = try await execute(.setRemoteMaintenance(mode, at: clock.now()), options)
        return remoteMaintenanceResponse(headers: writeHeaders(outcome))
    }

    private func settingsResponse(status: HTTPResponse.Status, headers: HTTPFields) -> Response {
        let state = projection.current.state
        let version = state.version(ofStream: DomainEvent.accessControlStream)
        return entityResponse(
            status, AccessControlSettingsView(idleTimeoutMinutes: state.accessControl.settings.idleTimeoutMinutes, version: version), version: version,
            headers: headers)
    }

    private func remoteMaintenanceResponse(headers: HTTPFields) -> Response {
        let state = projection.current.state
        let mode = state.accessControl.remoteMaintenance
        let version = state.version(ofStream: DomainEvent.remoteMaintenanceStream)
        return entityResponse(.ok, RemoteMaintenanceView(mode: mode.rawValue, enabled: mode.isEnabled, version: version), version: version, headers: headers)
    }
}
