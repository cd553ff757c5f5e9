import Domain

/// Why user access control refused a request. The API turns each into a status and a stable
/// code: 401 when the caller is not (or no longer) logged in, 403 when they are but may not.
public enum AccessDenied: Error, Sendable, Hashable, CustomStringConvertible {
    /// No token, or one that names no session.
    case unauthenticated
    /// The session ended after the idle timeout (manual §5.3.2).
    case sessionExpired(minutes: Int)
    /// Unknown account or wrong password; the same answer for both.
    case loginFailed
    /// The account is blocked after 15 wrong passwords (§5.3.1.3); the same answer whatever
    /// password was given, so the lock-out is no oracle (issue 13, point 16).
    case accountBlocked(account: String)
    /// The profile lacks the interface right (`webadmin_api`, or `remote_maintenance`).
    case interfaceNotPermitted(InterfaceRight)
    /// A remote login while remote maintenance is barred (§5.4).
    case remoteMaintenanceBarred
    /// The account must change its password first (§5.3.1.1 default account, §5.3.1.3).
    case passwordChangeRequired(account: String)
    /// The profile lacks the operation's right.
    case forbidden(AccessRight)
    /// A self-service password change with a wrong current password.
    case wrongPassword
    /// Too many failed logins from this source or on this account; nothing was checked or
    /// recorded (issue 13, point 16). The API answers 429 with `Retry-After`.
    case tooManyAttempts(retryAfterSeconds: Int)

    public var isUnauthenticated: Bool {
        switch self {
        case .unauthenticated, .sessionExpired, .loginFailed: true
        default: false
        }
    }

    public var code: String {
        switch self {
        case .unauthenticated: "unauthenticated"
        case .sessionExpired: "session_expired"
        case .loginFailed: "login_failed"
        case .accountBlocked: "account_blocked"
        case .interfaceNotPermitted: "interface_not_permitted"
        case .remoteMaintenanceBarred: "remote_maintenance_barred"
        case .passwordChangeRequired: "password_change_required"
        case .forbidden: "forbidden"
        case .wrongPassword: "wrong_password"
        case .tooManyAttempts: "too_many_attempts"
        }
    }

    public var description: String {
        switch self {
        case .unauthenticated:
            "log in first: POST /api/v1/session, then send the token as \"Authorization: Bearer <token>\""
        case .sessionExpired(let minutes):
            "the session ended after \(minutes) minutes without activity (manual §5.3.2); log in again"
        case .loginFailed:
            "wrong user name or password"
        case .accountBlocked(let account):
            "account \(account) is blocked after 15 wrong passwords in a row; an administrator with the user access control right must set a new password (manual §5.3.1.3)"
        case .interfaceNotPermitted(let right):
            "the account's authorization profile does not allow the interface \(right.rawValue) (manual §5.3.1.2)"
        case .remoteMaintenanceBarred:
            "remote maintenance access is barred; a local administrator must enable it first (manual §5.4)"
        case .passwordChangeRequired(let account):
            "account \(account) must change its password first: PUT /api/v1/accounts/\(account)/password (manual §5.3.1.3)"
        case .forbidden(let right):
            "the account's authorization profile lacks the right \(right) (manual §5.3.1.2)"
        case .wrongPassword:
            "the current password is wrong"
        case .tooManyAttempts(let seconds):
            "too many failed logins from this address or on this account; try again in \(seconds) s (each further failure doubles the wait)"
        }
    }

    public var details: [String: String] {
        switch self {
        case .forbidden(let right): ["right": right.description]
        case .interfaceNotPermitted(let right): ["interface": right.rawValue]
        case .accountBlocked(let account), .passwordChangeRequired(let account): ["account": account]
        case .sessionExpired(let minutes): ["idleTimeoutMinutes": String(minutes)]
        case .tooManyAttempts(let seconds): ["retryAfterSeconds": String(seconds)]
        default: [:]
        }
    }
}
