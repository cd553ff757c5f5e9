import AdminModels
import Domain
import HTTPTypes
import Hummingbird

extension AdminAPI {
    /// The SMTP server e-mail goes through (issue 17, point 1); until one is set, the form's
    /// defaults with `configured: false` (an empty form to fill in, not a missing resource).
    @Sendable func getSMTPServer(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        smtpServerResponse(headers: [:])
    }

    /// Replaces the SMTP server; the e-mail destinations use it from their next e-mail on.
    @Sendable func putSMTPServer(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        let options = try await WriteOptions(request, context)
        let body = try RequestBody.decode(SMTPServerChange.self, from: options.body)
        let outcome = try await execute(.setSMTPServer(body.draft), options)
        return smtpServerResponse(headers: writeHeaders(outcome))
    }

    private func smtpServerResponse(headers: HTTPFields) -> Response {
        let state = projection.current.state
        let version = state.version(ofStream: DomainEvent.smtpServerStream)
        let view = state.smtpServer.map { SMTPServerView($0, version: version) } ?? SMTPServerView(unsetAt: version)
        return entityResponse(.ok, view, version: version, headers: headers)
    }
}
