/// The right an operation of the Admin API needs; every route declares one, and
/// `openapi.yaml` repeats it as `x-callplane-right` so the contract test can check each route.
public enum AccessRight: Sendable, Hashable, CustomStringConvertible {
    /// Health, readiness, metrics and the login itself.
    case `public`
    /// Any logged-in account: its own session and its own password.
    case authenticated
    case area(AdministrationArea, AreaAccess)

    public var description: String {
        switch self {
        case .public: "public"
        case .authenticated: "authenticated"
        case .area(let area, let access): "\(area.rawValue):\(access.rawValue)"
        }
    }
}
