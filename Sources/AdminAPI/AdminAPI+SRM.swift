import AdminModels
import Domain
import HTTPTypes
import Hummingbird

extension AdminAPI {
    /// The connection to the SRM server (manual §5.2, WebAdmin "IP remote management (SRM)"):
    /// its settings and what the agent is doing now.
    @Sendable func getSRMSettings(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        await srmSettingsResponse(headers: [:])
    }

    /// Replaces the SRM connection; the agent follows within half a second.
    @Sendable func putSRMSettings(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        let options = try await WriteOptions(request, context)
        let body = try RequestBody.decode(SRMSettingsChange.self, from: options.body)
        let outcome = try await execute(.setSRMSettings(body.draft), options)
        return await srmSettingsResponse(headers: writeHeaders(outcome))
    }

    private func srmSettingsResponse(headers: HTTPFields) async -> Response {
        let state = projection.current.state
        let version = state.version(ofStream: DomainEvent.srmStream)
        return entityResponse(.ok, SRMSettingsView(state.srm, connection: await srmConnection(), version: version), version: version, headers: headers)
    }
}
