import AdminModels
import ControlPlane
import Domain
import Foundation
import HTTPTypes
import Hummingbird
import NIOPosix

extension AdminAPI {
    @Sendable func health(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        JSONResponse.make(.ok, bytes: Self.healthBytes)
    }

    /// Ready once start-up has folded the log into the state; 503 before that and while
    /// shutting down, so a load balancer or a test knows when writes will be served.
    @Sendable func ready(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        guard isReady() else {
            return JSONResponse.make(.serviceUnavailable, ServiceStatusView(status: "unavailable"))
        }
        return JSONResponse.make(.ok, ServiceStatusView(status: "ready", position: projection.position))
    }

    /// The load balancer's probe, answered thousands of times a second: its bytes never change.
    static let healthBytes = ServiceStatusView(status: "ok").jsonBytes()

    @Sendable func metrics(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: metricsText())))
    }

    @Sendable func stateSummary(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        let (state, position, hash) = projection.currentWithHash()
        let identity = state.identity
        return JSONResponse.make(
            .ok,
            StateSummary(
                position: position, head: log.head, hash: hash,
                identity: Self.identityView(identity, version: state.version(ofStream: "system")),
                users: state.users.count, terminals: state.terminals.count))
    }

    /// The hash of the published state, or with `?position=N` of the state replayed from the
    /// log up to N: an auditor's "what was the configuration then", and how a restart (which
    /// itself appends "The communication server has been restarted") is checked against the
    /// state before it.
    @Sendable func stateHash(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        if let text = request.uri.queryParameters.get("position") {
            guard let position = Int64(text), position >= 0, position <= log.head else {
                throw APIError.invalidParameter("position", "a log position from 0 to the head (\(log.head))")
            }
            // A replay of up to the whole log: blocking work, kept off the cooperative pool.
            let hash = try await NIOThreadPool.singleton.runIfActive { [log] in
                var state = SystemState()
                _ = try log.scan(after: 0, limit: Int(position)) { row in try state.apply(row) }
                return state.stateHash()
            }
            return JSONResponse.make(.ok, StateHashView(position: position, hash: hash))
        }
        let (_, position, hash) = projection.currentWithHash()
        return JSONResponse.make(.ok, StateHashView(position: position, hash: hash))
    }

    @Sendable func capacity(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        let state = projection.current.state
        let limits = CapacityLimit.allCases.map { limit in
            CapacityLimitView(
                limit: limit.rawValue, max: limit.max, used: usage(of: limit, in: state),
                reference: limit.reference)
        }
        return JSONResponse.make(.ok, CapacityList(limits: limits))
    }

    /// What is used of a limit: the configuration's count, or for those the call core counts,
    /// the registrar's registered terminals, the call projection's open calls and the B2BUA's
    /// channels (trunk calls, relayed calls).
    func usage(of limit: CapacityLimit, in state: SystemState) -> Int? {
        switch limit {
        case .registeredTerminals: registeredTerminalCount()
        case .simultaneousCalls: activeCalls().count
        case .sipAccessChannels, .voipChannels: channelsInUse()[limit] ?? 0
        default: state.usage(of: limit)
        }
    }

    /// Every reactor (with its cursor) and projection (with its folded position), and how far
    /// each is behind the head: what an operator checks when a destination seems silent.
    @Sendable func listReactors(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        let reactors = reactorStatus().map { status in
            let (state, reason): (String, String?) =
                switch status.state {
                case .running: ("running", nil)
                case .stopped(let reason): ("stopped", reason)
                }
            return ReactorView(name: status.name, kind: status.kind.rawValue, position: status.position, lag: status.lag, state: state, reason: reason)
        }
        return JSONResponse.make(.ok, ReactorList(head: log.head, reactors: reactors))
    }

    static func identityView(_ identity: SystemIdentity, version: Int64) -> SystemIdentityView {
        SystemIdentityView(name: identity.name, systemId: identity.systemID, salesChannel: identity.salesChannel, country: identity.country, version: version)
    }

    @Sendable func getIdentity(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        identityResponse(headers: [:])
    }

    /// `name` is required; absent other fields take ``SystemIdentity``'s defaults (empty) —
    /// except `systemId`, which names the installation (its SNMPv3 engine ID is made of it,
    /// issue 13, point 9): absent, it stays as it is.
    @Sendable func putIdentity(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        let options = try await WriteOptions(request, context)
        let body = try RequestBody.decode(SystemIdentityChange.self, from: options.body)
        var identity = SystemIdentity(name: body.name)
        identity.systemID = body.systemId ?? projection.current.state.identity.systemID
        if let salesChannel = body.salesChannel { identity.salesChannel = salesChannel }
        if let country = body.country { identity.country = country }
        let outcome = try await execute(.setSystemIdentity(identity), options)
        return identityResponse(headers: writeHeaders(outcome))
    }

    private func identityResponse(headers: HTTPFields) -> Response {
        let state = projection.current.state
        let version = state.version(ofStream: "system")
        return entityResponse(.ok, Self.identityView(state.identity, version: version), version: version, headers: headers)
    }
}
