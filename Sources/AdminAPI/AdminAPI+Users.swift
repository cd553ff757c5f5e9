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
        let state = projection.current.state
        let users = state.users.values.sorted { Self.numberOrder($0.number, $1.number) }
        return JSONResponse.make(.ok, UserList(users: users.map { Self.userView($0, version: state.version(ofStream: "user/" + $0.number)) }))
    }

    @Sendable func getUser(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        let number = try context.parameters.require("number")
        return try userResponse(number, status: .ok, headers: [:])
    }

    @Sendable func createUser(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        let options = try WriteOptions(request, context)
        let body = try await JSONBody(request, allowed: ["number", "name", "email", "language"])
        let user = User(
            number: try body.string("number"), name: try body.string("name"),
            email: try body.optionalString("email"), language: try body.optionalString("language") ?? "en"
        )
        let outcome = try await execute(.createUser(user), options)
        let number = try streamKey(of: outcome, prefix: "user/") ?? user.number
        return try userResponse(number, status: .created, headers: writeHeaders(outcome))
    }

    /// `name` is required; an absent `email` or `language` keeps its value, `email: null` clears it.
    @Sendable func updateUser(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        let number = try context.parameters.require("number")
        let options = try WriteOptions(request, context)
        let body = try await JSONBody(request, allowed: ["name", "email", "language"])
        guard let current = projection.current.state.user(number) else { throw DomainError.notFound("user", number) }
        let email: String? =
            switch try body.patchString("email") {
            case .none: current.email
            case .some(let value): value
            }
        let user = User(number: number, name: try body.string("name"), email: email, language: try body.optionalString("language") ?? current.language)
        let outcome = try await execute(.updateUser(user), options)
        return try userResponse(number, status: .ok, headers: writeHeaders(outcome))
    }

    @Sendable func deleteUser(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        let number = try context.parameters.require("number")
        let options = try WriteOptions(request, context)
        let outcome = try await execute(.deleteUser(number: number), options)
        return Response(status: .noContent, headers: writeHeaders(outcome))
    }

    private func userResponse(_ number: String, status: HTTPResponse.Status, headers: HTTPFields) throws -> Response {
        let state = projection.current.state
        guard let user = state.user(number) else { throw DomainError.notFound("user", number) }
        let version = state.version(ofStream: "user/\(number)")
        return entityResponse(status, Self.userView(user, version: version), version: version, headers: headers)
    }

    /// The entity key of the stream the outcome's last event went to (`user/101` → `101`).
    /// A retried key whose first use wrote to another kind of entity is refused: the key was
    /// reused for a different request, and answering with that other entity would mislead.
    func streamKey(of outcome: CommandOutcome, prefix: String) throws -> String? {
        guard outcome.changed, let event = try log.event(at: outcome.position) else { return nil }
        guard event.stream.hasPrefix(prefix) else {
            if outcome.isRetry {
                throw APIError(
                    status: .conflict, code: "idempotency_key_reused",
                    message: "this Idempotency-Key was first used for another request (event \(event.position) on \(event.stream)); use a fresh key",
                    details: ["position": String(event.position), "stream": event.stream]
                )
            }
            return nil
        }
        return String(event.stream.dropFirst(prefix.count))
    }

    /// Call numbers sort as numbers first (9 before 10), then as text.
    static func numberOrder(_ a: String, _ b: String) -> Bool {
        a.count != b.count ? a.count < b.count : a < b
    }
}
