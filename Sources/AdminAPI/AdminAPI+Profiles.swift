import AdminModels
import Domain
import Foundation
import HTTPTypes
import Hummingbird

extension AdminAPI {
    static func profileView(_ profile: AuthorizationProfile, version: Int64) -> ProfileView {
        ProfileView(
            id: profile.id, name: profile.name, predefined: profile.predefined, level: profile.level.rawValue,
            areas: Dictionary(uniqueKeysWithValues: profile.areas.map { ($0.key.rawValue, $0.value.rawValue) }),
            interfaces: profile.interfaces.map(\.rawValue).sorted(), fileAccess: profile.fileAccess.rawValue, version: version)
    }

    @Sendable func listProfiles(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        let state = projection.current.state
        let profiles = state.accessControl.profiles.map { Self.profileView($0, version: state.version(ofStream: DomainEvent.profileStream($0.id))) }
        return JSONResponse.make(.ok, ProfileList(profiles: profiles))
    }

    @Sendable func getProfile(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        try profileResponse(try context.parameters.require("id"), status: .ok, headers: [:])
    }

    @Sendable func createProfile(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        let options = try WriteOptions(request, context)
        let body = try await JSONBody(request, allowed: ["id", "name", "level", "areas", "interfaces", "fileAccess"])
        let profile = try Self.profile(id: try body.string("id"), body)
        let outcome = try await execute(.createProfile(profile), options)
        return try profileResponse(profile.id, status: .created, headers: writeHeaders(outcome))
    }

    /// Replaces a custom profile's name and rights.
    @Sendable func updateProfile(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let options = try WriteOptions(request, context)
        let body = try await JSONBody(request, allowed: ["name", "level", "areas", "interfaces", "fileAccess"])
        let outcome = try await execute(.updateProfile(try Self.profile(id: id, body)), options)
        return try profileResponse(id, status: .ok, headers: writeHeaders(outcome))
    }

    @Sendable func deleteProfile(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let options = try WriteOptions(request, context)
        let outcome = try await execute(.deleteProfile(id: id), options)
        return Response(status: .noContent, headers: writeHeaders(outcome))
    }

    /// `level` defaults to `system_assistant` (a person with limited views) and `fileAccess` to `none`.
    private static func profile(id: String, _ body: JSONBody) throws -> AuthorizationProfile {
        let levelText = try body.optionalString("level") ?? AuthorizationLevel.systemAssistant.rawValue
        guard let level = AuthorizationLevel(rawValue: levelText) else {
            throw APIError.invalid("level", "one of " + AuthorizationLevel.allCases.map(\.rawValue).joined(separator: ", "))
        }
        var areas: [AdministrationArea: AreaAccess] = [:]
        guard let areaObject = body.rawValue("areas") as? [String: Any] else {
            throw APIError.invalid("areas", "an object of area → \"read\" or \"write\"")
        }
        for (key, value) in areaObject {
            guard let area = AdministrationArea(rawValue: key) else {
                throw APIError.invalid("areas.\(key)", "unknown area; one of " + AdministrationArea.allCases.map(\.rawValue).joined(separator: ", "))
            }
            guard let text = value as? String, let access = AreaAccess(rawValue: text) else {
                throw APIError.invalid("areas.\(key)", "\"read\" or \"write\"")
            }
            areas[area] = access
        }
        guard let interfaceList = body.rawValue("interfaces") as? [Any] else {
            throw APIError.invalid("interfaces", "a list of interface rights")
        }
        var interfaces: Set<InterfaceRight> = []
        for value in interfaceList {
            guard let text = value as? String, let right = InterfaceRight(rawValue: text) else {
                throw APIError.invalid("interfaces", "each one of " + InterfaceRight.allCases.map(\.rawValue).joined(separator: ", "))
            }
            interfaces.insert(right)
        }
        let fileText = try body.optionalString("fileAccess") ?? FileAccess.none.rawValue
        guard let fileAccess = FileAccess(rawValue: fileText) else {
            throw APIError.invalid("fileAccess", "one of none, read, read_write")
        }
        return AuthorizationProfile(id: id, name: try body.string("name"), level: level, areas: areas, interfaces: interfaces, fileAccess: fileAccess)
    }

    private func profileResponse(_ id: String, status: HTTPResponse.Status, headers: HTTPFields) throws -> Response {
        let state = projection.current.state
        guard let profile = state.accessControl.profile(id) else { throw DomainError.notFound("profile", id) }
        let version = state.version(ofStream: DomainEvent.profileStream(id))
        return entityResponse(status, Self.profileView(profile, version: version), version: version, headers: headers)
    }
}
