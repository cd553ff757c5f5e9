import AdminModels
import Domain
import Foundation
import HTTPTypes
import Hummingbird

extension AdminAPI {
    /// Who may read the SNMP agent. Community strings and passphrases are secrets: the answer
    /// gives their number and the user names only.
    @Sendable func getSNMPAgent(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        snmpAgentResponse(headers: [:])
    }

    /// Replaces the agent's access as a whole (like a PUT should): the communities, the v3
    /// users (always authPriv, SHA and AES) and the networks requests may come from.
    @Sendable func putSNMPAgent(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        let options = try await WriteOptions(request, context)
        let draft = try RequestBody.decode(SNMPAgentDraft.self, from: options.body)
        let outcome = try await execute(.setSNMPAgent(draft), options)
        return snmpAgentResponse(headers: writeHeaders(outcome))
    }

    private func snmpAgentResponse(headers: HTTPFields) -> Response {
        let state = projection.current.state
        let settings = state.snmpAgent
        let version = state.version(ofStream: DomainEvent.snmpAgentStream)
        let view = SNMPAgentView(
            communities: settings.communities.count, users: settings.users.map(\.name), allowedNetworks: settings.allowedNetworks, version: version)
        return entityResponse(.ok, view, version: version, headers: headers)
    }
}
