import AccessControl
import AdminModels
import Domain
import EventLog
import Foundation
import HTTPTypes
import Hummingbird

extension AdminAPI {
    /// An account as the API shows it: never a password or a hash.
    static func accountView(_ account: UserAccount, version: Int64) -> AccountView {
        AccountView(
            name: account.name, profile: account.profile, predefined: account.predefined, mustChangePassword: account.mustChangePassword,
            blocked: account.blocked, failedAttempts: account.consecutiveFailures, version: version)
    }

    @Sendable func listAccounts(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        let state = projection.current.state
        let accounts = state.accessControl.accounts.values.sorted { $0.key < $1.key }
        return JSONResponse.make(
            .ok, AccountList(accounts: accounts.map { Self.accountView($0, version: state.version(ofStream: DomainEvent.accountStream($0.name))) }))
    }

    @Sendable func getAccount(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        try accountResponse(try accountName(context), status: .ok, headers: [:])
    }

    @Sendable func createAccount(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        let options = try await WriteOptions(request, context)
        let body = try RequestBody.decode(AccountCreation.self, from: options.body)
        let outcome = try await access.createAccount(
            name: body.name, profile: body.profile, password: body.password, origin: options.origin, idempotencyKey: options.idempotencyKey)
        return try accountResponse(body.name, status: .created, headers: writeHeaders(outcome))
    }

    /// Assigns another authorization profile.
    @Sendable func updateAccount(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        let name = try accountName(context)
        let options = try await WriteOptions(request, context)
        let body = try RequestBody.decode(AccountUpdate.self, from: options.body)
        let outcome = try await execute(.updateAccount(name: name, profile: body.profile), options)
        return try accountResponse(name, status: .ok, headers: writeHeaders(outcome))
    }

    @Sendable func deleteAccount(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        let name = try accountName(context)
        let options = try await WriteOptions(request, context)
        let outcome = try await execute(.deleteAccount(name: name), options)
        access.accountRemoved(name)
        return Response(status: .noContent, headers: writeHeaders(outcome))
    }

    /// Own password with the current one; another account's with the user access control right
    /// (manual §5.3.1.3).
    @Sendable func setAccountPassword(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        let name = try accountName(context)
        let options = try await WriteOptions(request, context)
        let body = try RequestBody.decode(PasswordRequest.self, from: options.body)
        let outcome = try await access.setPassword(
            of: name, to: body.newPassword, currentPassword: body.currentPassword, by: try caller(context), origin: options.origin)
        return try accountResponse(name, status: .ok, headers: writeHeaders(outcome))
    }

    /// The last 20 access attempts, newest first (manual §5.3.3).
    @Sendable func accessLog(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        let name = try accountName(context)
        guard let account = projection.current.state.accessControl.account(named: name) else { throw DomainError.notFound("account", name) }
        let entries = account.accessLog.reversed().map { attempt in
            AccessAttemptView(
                at: RFC3339Timestamp.string(microsecondsSinceEpoch: attempt.at), source: attempt.source, interface: attempt.interface,
                success: attempt.succeeded, reason: attempt.outcome.rawValue)
        }
        return JSONResponse.make(.ok, AccessLogView(account: account.name, entries: entries))
    }

    private func accountName(_ context: AdminRequestContext) throws -> String {
        let raw = try context.parameters.require("name")
        return raw.removingPercentEncoding ?? raw
    }

    private func accountResponse(_ name: String, status: HTTPResponse.Status, headers: HTTPFields) throws -> Response {
        let state = projection.current.state
        guard let account = state.accessControl.account(named: name) else { throw DomainError.notFound("account", name) }
        let version = state.version(ofStream: DomainEvent.accountStream(name))
        return entityResponse(status, Self.accountView(account, version: version), version: version, headers: headers)
    }
}
