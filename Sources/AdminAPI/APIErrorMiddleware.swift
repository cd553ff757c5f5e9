import AccessControl
import Domain
import EventLog
import Hummingbird
import Logging

/// Turns every error into the API's JSON error body, so a client never has to parse an empty
/// or HTML error; a route that does not exist is told apart from an entity that does not.
struct APIErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            return error.response()
        } catch let error as AccessDenied {
            return APIError(error).response()
        } catch let error as DomainError {
            return APIError(error).response()
        } catch let error as EventLogError {
            return APIError(error).response()
        } catch let error as HTTPError where error.status == .notFound {
            return APIError(status: .notFound, code: "route_not_found", message: "no route \(request.method) \(request.uri.path)").response()
        } catch let error as HTTPError where error.status == .methodNotAllowed {
            return APIError(status: .methodNotAllowed, code: "method_not_allowed", message: "\(request.method) is not allowed on \(request.uri.path)").response()
        } catch let error as HTTPError {
            return APIError(status: error.status, code: "http_error", message: error.body ?? error.status.reasonPhrase).response()
        } catch {
            context.logger.error("request failed", metadata: ["path": "\(request.uri.path)", "error": "\(error)"])
            return APIError(status: .internalServerError, code: "internal_error", message: "internal error: \(error)").response()
        }
    }
}
