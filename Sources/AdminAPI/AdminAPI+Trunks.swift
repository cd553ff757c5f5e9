import AdminModels
import Domain
import EventLog
import Foundation
import HTTPTypes
import Hummingbird

/// SIP trunks (issue 16, point 1): providers, their accounts, and each account's registration.
extension AdminAPI {
    // MARK: Providers

    @Sendable func listSIPProviders(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        JSONResponse.make(.ok, SIPProviderList(providers: views(of: .providers)))
    }

    @Sendable func getSIPProvider(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        try response(of: .providers, try number(of: .providers, context), headers: [:])
    }

    /// Creates or replaces the provider as a whole (a PUT of the resource: the number is the
    /// client's).
    @Sendable func putSIPProvider(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        let number = try number(of: .providers, context)
        let options = try await WriteOptions(request, context)
        let body = try RequestBody.decode(SIPProviderDefinition.self, from: options.body)
        let outcome = try await execute(.setSIPProvider(body.provider(number: number)), options)
        return try response(of: .providers, number, headers: writeHeaders(outcome))
    }

    @Sendable func deleteSIPProvider(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        try await delete(.providers, request, context) { .deleteSIPProvider(number: $0) }
    }

    // MARK: Accounts

    @Sendable func listSIPAccounts(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        JSONResponse.make(.ok, SIPAccountList(accounts: views(of: .accounts)))
    }

    @Sendable func getSIPAccount(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        try response(of: .accounts, try number(of: .accounts, context), headers: [:])
    }

    /// Creates or replaces the account as a whole; an absent password keeps the stored one.
    @Sendable func putSIPAccount(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        let number = try number(of: .accounts, context)
        let options = try await WriteOptions(request, context)
        let body = try RequestBody.decode(SIPAccountDefinition.self, from: options.body)
        let outcome = try await execute(.setSIPAccount(body.draft(number: number)), options)
        return try response(of: .accounts, number, headers: writeHeaders(outcome))
    }

    @Sendable func deleteSIPAccount(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        try await delete(.accounts, request, context) { .deleteSIPAccount(number: $0) }
    }

    // MARK: What providers and accounts share

    /// Every record of `resource`, by number.
    private func views<Record, View>(of resource: TrunkResource<Record, View>) -> [View] {
        let state = projection.current.state
        return resource.records(state.trunks).values.map { record in (resource.number(record), record) }.sorted { $0.0 < $1.0 }.map { number, record in
            resource.view(record, state.version(ofStream: resource.stream(number)))
        }
    }

    /// The path's number: 1 to the resource's limit without leading zeros, so one record has one
    /// path.
    private func number<Record, View>(of resource: TrunkResource<Record, View>, _ context: AdminRequestContext) throws -> Int {
        let text = try context.parameters.require(resource.parameter)
        guard let number = Int(text), (1...resource.limit.max).contains(number), String(number) == text else {
            throw APIError.invalidParameter(resource.parameter, "a number 1 to \(resource.limit.max) (\(resource.limit.rawValue))")
        }
        return number
    }

    private func response<Record, View>(of resource: TrunkResource<Record, View>, _ number: Int, headers: HTTPFields) throws -> Response {
        let state = projection.current.state
        guard let record = resource.records(state.trunks)[String(number)] else { throw DomainError.notFound(resource.entity, String(number)) }
        let version = state.version(ofStream: resource.stream(number))
        return entityResponse(.ok, resource.view(record, version), version: version, headers: headers)
    }

    private func delete<Record, View>(
        _ resource: TrunkResource<Record, View>, _ request: Request, _ context: AdminRequestContext, command: (Int) -> Command
    ) async throws -> Response {
        let number = try number(of: resource, context)
        let options = try await WriteOptions(request, context)
        let outcome = try await execute(command(number), options)
        return Response(status: .noContent, headers: writeHeaders(outcome))
    }

    // MARK: Routing

    @Sendable func getTrunkRouting(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        trunkRoutingResponse(headers: [:])
    }

    @Sendable func putTrunkRouting(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        let options = try await WriteOptions(request, context)
        let body = try RequestBody.decode(TrunkRoutingChange.self, from: options.body)
        let outcome = try await execute(.setTrunkRouting(body.routing), options)
        return trunkRoutingResponse(headers: writeHeaders(outcome))
    }

    private func trunkRoutingResponse(headers: HTTPFields) -> Response {
        let state = projection.current.state
        let version = state.version(ofStream: DomainEvent.trunkRoutingStream)
        return entityResponse(.ok, TrunkRoutingView(state.trunks.routing, version: version), version: version, headers: headers)
    }

    // MARK: DDI plan

    @Sendable func getDDIPlan(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        ddiPlanResponse(headers: [:])
    }

    @Sendable func putDDIPlan(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        let options = try await WriteOptions(request, context)
        let body = try RequestBody.decode(DDIPlanChange.self, from: options.body)
        let outcome = try await execute(.setDDIPlan(body.plan), options)
        return ddiPlanResponse(headers: writeHeaders(outcome))
    }

    private func ddiPlanResponse(headers: HTTPFields) -> Response {
        let state = projection.current.state
        let version = state.version(ofStream: DomainEvent.ddiPlanStream)
        return entityResponse(.ok, DDIPlanView(state.trunks.ddiPlan, version: version), version: version, headers: headers)
    }

    // MARK: Registrations

    @Sendable func listTrunkRegistrations(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        let views = trunkRegistrations().map { status in
            let (availability, cause): (String, Int?) =
                switch status.availability {
                case .unknown: ("unknown", nil)
                case .available: ("available", nil)
                case .notAvailable(let cause): ("not_available", cause.rawValue)
                }
            return TrunkRegistrationView(
                account: status.account, provider: status.provider, phase: status.phase.rawValue, availability: availability, cause: cause,
                expiresAt: status.expiresAt.map { RFC3339Timestamp.string(microsecondsSinceEpoch: $0) },
                nextAttemptAt: status.nextAttemptAt.map { RFC3339Timestamp.string(microsecondsSinceEpoch: $0) }, failures: status.failures,
                lastOutcome: status.lastOutcome, lastAttemptAt: status.lastAttemptAt.map { RFC3339Timestamp.string(microsecondsSinceEpoch: $0) })
        }
        return JSONResponse.make(.ok, TrunkRegistrationList(registrations: views))
    }
}
