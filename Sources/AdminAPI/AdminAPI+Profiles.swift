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
        let options = try await WriteOptions(request, context)
        let body = try RequestBody.decode(ProfileDefinition.self, from: options.body)
        guard let id = body.id else { throw APIError.invalid("id", "is required") }
        let profile = try Self.profile(id: id, body)
        let outcome = try await execute(.createProfile(profile), options)
        return try profileResponse(profile.id, status: .created, headers: writeHeaders(outcome))
    }

    /// Replaces a custom profile's name and rights.
    @Sendable func updateProfile(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let options = try await WriteOptions(request, context)
        let body = try RequestBody.decode(ProfileDefinition.self, from: options.body)
        if body.id != nil {
            throw APIError.unknownField("id", allowed: "the profile's id is in its path")
        }
        let outcome = try await execute(.updateProfile(try Self.profile(id: id, body)), options)
        return try profileResponse(id, status: .ok, headers: writeHeaders(outcome))
    }

    @Sendable func deleteProfile(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let options = try await WriteOptions(request, context)
        let outcome = try await execute(.deleteProfile(id: id), options)
        return Response(status: .noContent, headers: writeHeaders(outcome))
    }

    /// An absent `level` or `fileAccess` keeps ``AuthorizationProfile``'s default (a system
    /// assistant without file access).
    private static func profile(id: String, _ body: ProfileDefinition) throws -> AuthorizationProfile {
        var areas: [AdministrationArea: AreaAccess] = [:]
        for (key, text) in body.areas {
            guard let area = AdministrationArea(rawValue: key) else {
                throw APIError.invalid("areas.\(key)", "unknown area; one of " + AdministrationArea.allCases.map(\.rawValue).joined(separator: ", "))
            }
            guard let access = AreaAccess(rawValue: text) else { throw APIError.invalid("areas.\(key)", "\"read\" or \"write\"") }
            areas[area] = access
        }
        let interfaces = try Set(
            body.interfaces.map { text in
                guard let right = InterfaceRight(rawValue: text) else {
                    throw APIError.invalid("interfaces", "each one of " + InterfaceRight.allCases.map(\.rawValue).joined(separator: ", "))
                }
                return right
            })
        var profile = AuthorizationProfile(id: id, name: body.name, areas: areas, interfaces: interfaces)
        if let text = body.level {
            guard let level = AuthorizationLevel(rawValue: text) else {
                throw APIError.invalid("level", "one of " + AuthorizationLevel.allCases.map(\.rawValue).joined(separator: ", "))
            }
            profile.level = level
        }
        if let text = body.fileAccess {
            guard let fileAccess = FileAccess(rawValue: text) else { throw APIError.invalid("fileAccess", "one of none, read, read_write") }
            profile.fileAccess = fileAccess
        }
        return profile
    }

    private func profileResponse(_ id: String, status: HTTPResponse.Status, headers: HTTPFields) throws -> Response {
        let state = projection.current.state
        guard let profile = state.accessControl.profile(id) else { throw DomainError.notFound("profile", id) }
        let version = state.version(ofStream: DomainEvent.profileStream(id))
        return entityResponse(status, Self.profileView(profile, version: version), version: version, headers: headers)
    }
}
