import AdminModels
import ControlPlane
import Domain
import Foundation
import HTTPTypes
import Hummingbird

extension AdminAPI {
    static func terminalView(_ terminal: Terminal, version: Int64) -> TerminalView {
        TerminalView(
            id: terminal.id, kind: terminal.kind.rawValue, registrationName: terminal.registrationName, passwordSet: !terminal.password.text.isEmpty,
            userNumber: terminal.userNumber, macAddress: terminal.macAddress, srtp: terminal.srtp.rawValue, version: version)
    }

    @Sendable func listTerminals(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        let (state, position) = projection.current
        let bytes = terminalList.value(at: position) {
            let terminals = state.terminals.values.sorted { $0.id < $1.id }
            return TerminalList(terminals: terminals.map { Self.terminalView($0, version: state.version(ofStream: "terminal/\($0.id)")) })
                .jsonBytes(capacity: 64 + 160 * terminals.count)
        }
        return JSONResponse.make(.ok, bytes: bytes)
    }

    @Sendable func getTerminal(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        try terminalResponse(try terminalID(context), status: .ok, headers: [:])
    }

    @Sendable func createTerminal(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        let options = try await WriteOptions(request, context)
        let body = try RequestBody.decode(TerminalCreation.self, from: options.body)
        guard let kind = TerminalKind(rawValue: body.kind) else {
            throw APIError.invalid("kind", "must be one of \(TerminalKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let draft = TerminalDraft(
            kind: kind, registrationName: body.registrationName, password: body.password, userNumber: body.userNumber, macAddress: body.macAddress,
            srtp: body.srtp ?? .standard)
        let outcome = try await execute(.createTerminal(draft), options)
        guard let key = try streamKey(of: outcome, prefix: "terminal/"), let id = Int(key) else {
            throw APIError(status: .internalServerError, code: "internal_error", message: "the created terminal was not found in the log")
        }
        return try terminalResponse(id, status: .created, headers: writeHeaders(outcome))
    }

    @Sendable func updateTerminal(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        let id = try terminalID(context)
        let options = try await WriteOptions(request, context)
        let body = try RequestBody.decode(TerminalUpdate.self, from: options.body)
        let patch = TerminalPatch(
            registrationName: body.registrationName, password: body.password, userNumber: body.userNumber, macAddress: body.macAddress, srtp: body.srtp)
        let outcome = try await execute(.updateTerminal(id: id, patch), options)
        return try terminalResponse(id, status: .ok, headers: writeHeaders(outcome))
    }

    @Sendable func deleteTerminal(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        let id = try terminalID(context)
        let options = try await WriteOptions(request, context)
        let outcome = try await execute(.deleteTerminal(id: id), options)
        return Response(status: .noContent, headers: writeHeaders(outcome))
    }

    private func terminalID(_ context: AdminRequestContext) throws -> Int {
        let text = try context.parameters.require("id")
        guard let id = Int(text), id > 0 else { throw DomainError.notFound("terminal", text) }
        return id
    }

    private func terminalResponse(_ id: Int, status: HTTPResponse.Status, headers: HTTPFields) throws -> Response {
        let state = projection.current.state
        guard let terminal = state.terminal(id: id) else { throw DomainError.notFound("terminal", String(id)) }
        let version = state.version(ofStream: "terminal/\(id)")
        return entityResponse(status, Self.terminalView(terminal, version: version), version: version, headers: headers)
    }
}
