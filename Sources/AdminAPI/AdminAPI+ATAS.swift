import AdminModels
import Hummingbird

extension AdminAPI {
    /// The alarm server interface (issue 17, point 4; docs/atas.md, "Status"): where it listens
    /// and who is logged on, for an administrator checking why the ATAS destination is not
    /// reachable.
    @Sendable func getATASStatus(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        JSONResponse.make(.ok, await atasStatus())
    }
}
