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
        let options = try WriteOptions(request, context)
        let body = try await JSONBody(request, allowed: ["communities", "users", "allowedNetworks"])
        let communities = try body.stringArray("communities")
        let networks = try body.stringArray("allowedNetworks")
        guard let rawUsers = body.rawValue("users") as? [Any] else { throw APIError.invalid("users", "is required and must be an array") }
        let users = try rawUsers.enumerated().map { index, raw in
            guard let object = raw as? [String: Any] else { throw APIError.invalid("users[\(index)]", "must be an object") }
            let unknown = Set(object.keys).subtracting(["name", "authPassphrase", "privPassphrase"])
            guard unknown.isEmpty else {
                throw APIError.invalid("users[\(index)].\(unknown.sorted()[0])", "unknown field (allowed: name, authPassphrase, privPassphrase)")
            }
            func text(_ field: String) throws -> String {
                guard let value = object[field] as? String else { throw APIError.invalid("users[\(index)].\(field)", "is required and must be a string") }
                return value
            }
            return SNMPUserDraft(name: try text("name"), authPassphrase: try text("authPassphrase"), privPassphrase: try text("privPassphrase"))
        }
        let outcome = try await execute(.setSNMPAgent(SNMPAgentDraft(communities: communities, users: users, allowedNetworks: networks)), options)
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
