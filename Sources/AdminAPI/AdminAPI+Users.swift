import AdminModels
import ControlPlane
import Domain
import Foundation
import HTTPTypes
import Hummingbird

extension AdminAPI {
    static func userView(_ user: User, version: Int64) -> UserView {
        UserView(number: user.number, name: user.name, email: user.email, language: user.language, version: version)
    }

    @Sendable func listUsers(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        let (state, position) = projection.current
        let bytes = userList.value(at: position) {
            let users = state.users.values.sorted { Self.numberOrder($0.number, $1.number) }
            return UserList(users: users.map { Self.userView($0, version: state.version(ofStream: "user/" + $0.number)) }).jsonBytes(
                capacity: 64 + 80 * users.count)
        }
        return JSONResponse.make(.ok, bytes: bytes)
    }

    @Sendable func getUser(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        let number = try context.parameters.require("number")
        return try userResponse(number, status: .ok, headers: [:])
    }

    /// `number` and `name` are required; the language is English unless given (``User``'s default).
    @Sendable func createUser(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        let options = try await WriteOptions(request, context)
        let body = try RequestBody.decode(UserCreation.self, from: options.body)
        var user = User(number: body.number, name: body.name, email: body.email)
        if let language = body.language { user.language = language }
        let outcome = try await execute(.createUser(user), options)
        let number = try streamKey(of: outcome, prefix: "user/") ?? user.number
        return try userResponse(number, status: .created, headers: writeHeaders(outcome))
    }

    /// `name` is required; an absent `email` or `language` keeps its value, `email: null` clears it.
    @Sendable func updateUser(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        let number = try context.parameters.require("number")
        let options = try await WriteOptions(request, context)
        let body = try RequestBody.decode(UserUpdate.self, from: options.body)
        let patch = UserPatch(name: body.name, email: body.email, language: body.language)
        let outcome = try await execute(.updateUser(number: number, patch), options)
        return try userResponse(number, status: .ok, headers: writeHeaders(outcome))
    }

    @Sendable func deleteUser(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        let number = try context.parameters.require("number")
        let options = try await WriteOptions(request, context)
        let outcome = try await execute(.deleteUser(number: number), options)
        return Response(status: .noContent, headers: writeHeaders(outcome))
    }

    private func userResponse(_ number: String, status: HTTPResponse.Status, headers: HTTPFields) throws -> Response {
        let state = projection.current.state
        guard let user = state.user(number) else { throw DomainError.notFound("user", number) }
        let version = state.version(ofStream: "user/\(number)")
        return entityResponse(status, Self.userView(user, version: version), version: version, headers: headers)
    }

    /// The entity key of the stream the outcome's last event went to (`user/101` → `101`); a
    /// reused key was refused by the pipeline already (`idempotency_key_reused`).
    func streamKey(of outcome: CommandOutcome, prefix: String) throws -> String? {
        guard outcome.changed, let event = try log.event(at: outcome.position), event.stream.hasPrefix(prefix) else { return nil }
        return String(event.stream.dropFirst(prefix.count))
    }

    /// Call numbers sort as numbers first (9 before 10), then as text.
    static func numberOrder(_ a: String, _ b: String) -> Bool {
        a.count != b.count ? a.count < b.count : a < b
    }
}
