import Domain
import Hummingbird

/// One operation of the Admin API. The router is built from ``AdminAPI/routes`` alone, and a
/// test compares that list with the paths of `openapi.yaml`, so the document stays the contract.
public struct AdminRoute: Sendable {
    public let method: HTTPRequest.Method
    /// In OpenAPI form, e.g. `/api/v1/users/{number}`.
    public let path: String
    /// What the caller's authorization profile must grant (manual §5.3.1.2); `openapi.yaml`
    /// states the same as `x-callplane-right`, and a test keeps the two equal.
    public let right: AccessRight
    let handler: @Sendable (Request, AdminRequestContext) async throws -> Response

    init(
        _ method: HTTPRequest.Method, _ path: String, _ right: AccessRight,
        _ handler: @escaping @Sendable (Request, AdminRequestContext) async throws -> Response
    ) {
        self.method = method
        self.path = path
        self.right = right
        self.handler = handler
    }

    /// Whether `path` (a request's) is this route's path, `{…}` matching any one segment.
    func matches(path requested: Substring) -> Bool {
        let own = path.split(separator: "/", omittingEmptySubsequences: false)
        let given = requested.split(separator: "/", omittingEmptySubsequences: false)
        guard own.count == given.count else { return false }
        return zip(own, given).allSatisfy { pattern, segment in
            (pattern.hasPrefix("{") && pattern.hasSuffix("}") && !segment.isEmpty) || pattern == segment
        }
    }

    /// Hummingbird's form of the path: `{number}` becomes `:number`.
    var routerPath: String {
        path.split(separator: "/", omittingEmptySubsequences: false).map { segment in
            segment.hasPrefix("{") && segment.hasSuffix("}") ? ":" + segment.dropFirst().dropLast() : String(segment)
        }.joined(separator: "/")
    }
}
