import Domain

/// A successful login: the token to send back and what the session may do.
public struct LoginResult: Sendable {
    public var token: String
    public var caller: AuthenticatedCaller
    public var idleTimeoutSeconds: Int
}
