import AdminModels
import Domain
import HTTPTypes
import Hummingbird

extension AdminAPI {
    /// The media relay's settings (issue 16 point 3) and the VoIP channels in use.
    @Sendable func getMediaRelay(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        mediaRelayResponse(headers: [:])
    }

    /// Replaces the media relay's settings; a new port range applies to calls set up after it.
    @Sendable func putMediaRelay(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        let options = try await WriteOptions(request, context)
        let body = try RequestBody.decode(MediaRelayChange.self, from: options.body)
        let outcome = try await execute(.setMediaRelay(body.settings), options)
        return mediaRelayResponse(headers: writeHeaders(outcome))
    }

    private func mediaRelayResponse(headers: HTTPFields) -> Response {
        let state = projection.current.state
        let version = state.version(ofStream: DomainEvent.mediaRelayStream)
        let view = MediaRelayView(state.telephony.mediaRelay, voipChannelsInUse: channelsInUse()[.voipChannels] ?? 0, version: version)
        return entityResponse(.ok, view, version: version, headers: headers)
    }
}
