import AdminModels
import Domain
import EventLog
import Foundation
import HTTPTypes
import Hummingbird

extension AdminAPI {
    /// The DoS protection settings in force and the addresses blocked now (issue 15, point 3).
    @Sendable func getDoSProtection(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        dosProtectionResponse(headers: [:])
    }

    /// Replaces the settings as a whole; the SIP listeners count with the new ones from the next
    /// request, and blocks already set run out as they were set.
    @Sendable func putDoSProtection(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        let options = try await WriteOptions(request, context)
        let body = try RequestBody.decode(DoSProtectionChange.self, from: options.body)
        let outcome = try await execute(.setDoSProtection(body.settings), options)
        return dosProtectionResponse(headers: writeHeaders(outcome))
    }

    private func dosProtectionResponse(headers: HTTPFields) -> Response {
        let state = projection.current.state
        let version = state.version(ofStream: DomainEvent.dosProtectionStream)
        let now = clock.now()
        let blocked = dosBlackList().filter { $0.value > now }.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }.map {
            BlockedAddressView(address: $0.key, blockedUntil: RFC3339Timestamp.string(microsecondsSinceEpoch: $0.value))
        }
        return entityResponse(.ok, DoSProtectionView(settings: state.dosProtection, blocked: blocked, version: version), version: version, headers: headers)
    }
}
