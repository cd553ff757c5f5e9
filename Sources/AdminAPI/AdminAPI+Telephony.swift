import AccessControl
import AdminModels
import Domain
import Foundation
import HTTPTypes
import Hummingbird

/// Telephony configuration (issue 15, points 5–7): message groups, the emergency numbers and
/// each user's telephony settings.
extension AdminAPI {
    // MARK: Message groups

    @Sendable func listMessageGroups(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        let state = projection.current.state
        let views = state.messageGroups.map { MessageGroupView($0, version: state.version(ofStream: DomainEvent.messageGroupStream($0.number))) }
        return JSONResponse.make(.ok, MessageGroupList(messageGroups: views))
    }

    @Sendable func getMessageGroup(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        try messageGroupResponse(try messageGroupNumber(context), status: .ok, headers: [:])
    }

    /// Creates or replaces the group as a whole: 200 either way, since the number is the
    /// client's (a PUT of the resource, RFC 9110 §9.3.4).
    @Sendable func putMessageGroup(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        let number = try messageGroupNumber(context)
        let options = try await WriteOptions(request, context)
        let body = try RequestBody.decode(MessageGroupDefinition.self, from: options.body)
        let outcome = try await execute(.setMessageGroup(body.group(number: number)), options)
        return try messageGroupResponse(number, status: .ok, headers: writeHeaders(outcome))
    }

    @Sendable func deleteMessageGroup(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        let number = try messageGroupNumber(context)
        let options = try await WriteOptions(request, context)
        let outcome = try await execute(.deleteMessageGroup(number: number), options)
        return Response(status: .noContent, headers: writeHeaders(outcome))
    }

    /// The path's group number, written as the group is named: 1 to 50 without leading zeros,
    /// so one group has one path.
    private func messageGroupNumber(_ context: AdminRequestContext) throws -> Int {
        let text = try context.parameters.require("group")
        let range = 1...CapacityLimit.messageGroups.max
        guard let number = Int(text), range.contains(number), String(number) == text else {
            throw APIError.invalidParameter("group", "a message group number \(range.lowerBound) to \(range.upperBound)")
        }
        return number
    }

    private func messageGroupResponse(_ number: Int, status: HTTPResponse.Status, headers: HTTPFields) throws -> Response {
        let state = projection.current.state
        guard let group = state.messageGroup(number) else { throw DomainError.notFound("message_group", String(number)) }
        let version = state.version(ofStream: DomainEvent.messageGroupStream(number))
        return entityResponse(status, MessageGroupView(group, version: version), version: version, headers: headers)
    }

    // MARK: Emergency numbers

    @Sendable func getEmergencyNumbers(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        emergencyNumbersResponse(headers: [:])
    }

    /// Replaces the list and the internal destination; `numbers` absent or null follows the
    /// country's defaults again.
    @Sendable func putEmergencyNumbers(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        let options = try await WriteOptions(request, context)
        let body = try RequestBody.decode(EmergencyNumbersChange.self, from: options.body)
        let outcome = try await execute(.setEmergencySettings(body.settings), options)
        return emergencyNumbersResponse(headers: writeHeaders(outcome))
    }

    private func emergencyNumbersResponse(headers: HTTPFields) -> Response {
        let state = projection.current.state
        let version = state.version(ofStream: DomainEvent.emergencyStream)
        let country = state.identity.country
        let view = EmergencyNumbersView(
            numbers: state.emergencyNumbers, followsCountry: state.emergencyNumbersFollowCountry, country: country,
            countryDefaults: EmergencySettings.countryDefaults(country), internalDestination: state.emergencyDestination, version: version)
        return entityResponse(.ok, view, version: version, headers: headers)
    }

    // MARK: A user's telephony settings

    @Sendable func getUserTelephony(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        try userTelephonyResponse(try context.parameters.require("number"), headers: [:])
    }

    /// Changes the members given. Granting or withdrawing `remoteMaintenanceAccess` lets a phone
    /// user switch remote maintenance (manual §5.4.1), which the route's `users:write` alone
    /// does not allow: it also takes `maintenance:write`, the right of
    /// `PUT /api/v1/remote-maintenance`.
    @Sendable func patchUserTelephony(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        let number = try context.parameters.require("number")
        let options = try await WriteOptions(request, context)
        let body = try RequestBody.decode(UserTelephonyChange.self, from: options.body)
        let state = projection.current.state
        if let access = body.remoteMaintenanceAccess, state.users[number] != nil, access != state.telephony(ofUser: number).remoteMaintenanceAccess {
            let right = AccessRight.area(.maintenance, .write)
            guard context.caller?.profile.grants(right) == true else { throw AccessDenied.forbidden(right) }
        }
        let outcome = try await execute(.setUserTelephony(number: number, body.patch), options)
        return try userTelephonyResponse(number, headers: writeHeaders(outcome))
    }

    private func userTelephonyResponse(_ number: String, headers: HTTPFields) throws -> Response {
        let state = projection.current.state
        guard state.user(number) != nil else { throw DomainError.notFound("user", number) }
        let version = state.version(ofStream: "user/\(number)")
        return entityResponse(.ok, UserTelephonyView(state.telephony(ofUser: number), version: version), version: version, headers: headers)
    }
}
