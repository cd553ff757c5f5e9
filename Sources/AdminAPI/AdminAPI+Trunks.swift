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
        let state = projection.current.state
        let views = state.trunks.providers.values.sorted { $0.number < $1.number }.map {
            SIPProviderView($0, version: state.version(ofStream: DomainEvent.sipProviderStream($0.number)))
        }
        return JSONResponse.make(.ok, SIPProviderList(providers: views))
    }

    @Sendable func getSIPProvider(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        try sipProviderResponse(try trunkNumber(context, "provider", limit: .sipProviders), headers: [:])
    }

    /// Creates or replaces the provider as a whole (a PUT of the resource: the number is the
    /// client's).
    @Sendable func putSIPProvider(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        let number = try trunkNumber(context, "provider", limit: .sipProviders)
        let options = try await WriteOptions(request, context)
        let body = try RequestBody.decode(SIPProviderDefinition.self, from: options.body)
        let outcome = try await execute(.setSIPProvider(body.provider(number: number)), options)
        return try sipProviderResponse(number, headers: writeHeaders(outcome))
    }

    @Sendable func deleteSIPProvider(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        let number = try trunkNumber(context, "provider", limit: .sipProviders)
        let options = try await WriteOptions(request, context)
        let outcome = try await execute(.deleteSIPProvider(number: number), options)
        return Response(status: .noContent, headers: writeHeaders(outcome))
    }

    private func sipProviderResponse(_ number: Int, headers: HTTPFields) throws -> Response {
        let state = projection.current.state
        guard let provider = state.trunks.providers[String(number)] else { throw DomainError.notFound("sip_provider", String(number)) }
        let version = state.version(ofStream: DomainEvent.sipProviderStream(number))
        return entityResponse(.ok, SIPProviderView(provider, version: version), version: version, headers: headers)
    }

    // MARK: Accounts

    @Sendable func listSIPAccounts(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        let state = projection.current.state
        let views = state.trunks.accounts.values.sorted { $0.number < $1.number }.map {
            SIPAccountView($0, version: state.version(ofStream: DomainEvent.sipAccountStream($0.number)))
        }
        return JSONResponse.make(.ok, SIPAccountList(accounts: views))
    }

    @Sendable func getSIPAccount(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        try sipAccountResponse(try trunkNumber(context, "account", limit: .sipAccounts), headers: [:])
    }

    /// Creates or replaces the account as a whole; an absent password keeps the stored one.
    @Sendable func putSIPAccount(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        let number = try trunkNumber(context, "account", limit: .sipAccounts)
        let options = try await WriteOptions(request, context)
        let body = try RequestBody.decode(SIPAccountDefinition.self, from: options.body)
        let outcome = try await execute(.setSIPAccount(body.draft(number: number)), options)
        return try sipAccountResponse(number, headers: writeHeaders(outcome))
    }

    @Sendable func deleteSIPAccount(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        let number = try trunkNumber(context, "account", limit: .sipAccounts)
        let options = try await WriteOptions(request, context)
        let outcome = try await execute(.deleteSIPAccount(number: number), options)
        return Response(status: .noContent, headers: writeHeaders(outcome))
    }

    private func sipAccountResponse(_ number: Int, headers: HTTPFields) throws -> Response {
        let state = projection.current.state
        guard let account = state.trunks.accounts[String(number)] else { throw DomainError.notFound("sip_account", String(number)) }
        let version = state.version(ofStream: DomainEvent.sipAccountStream(number))
        return entityResponse(.ok, SIPAccountView(account, version: version), version: version, headers: headers)
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

    /// The path's provider or account number: 1 to 10 without leading zeros, so one resource has
    /// one path.
    private func trunkNumber(_ context: AdminRequestContext, _ parameter: String, limit: CapacityLimit) throws -> Int {
        let text = try context.parameters.require(parameter)
        guard let number = Int(text), (1...limit.max).contains(number), String(number) == text else {
            throw APIError.invalidParameter(parameter, "a number 1 to \(limit.max) (\(limit.rawValue))")
        }
        return number
    }
}
