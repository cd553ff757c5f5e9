/// One HTTP request a technician sent through the SRM server to the system's admin API, in a
/// session the system accepted. The body travels base64-encoded in the JSON frame.
public struct SRMRelayedRequest: Sendable, Hashable, Codable {
    public var session: String
    /// Numbers the session's requests so the answers pair with them; chosen by the SRM server.
    public var id: Int64
    public var method: String
    /// The path and query on the system, `/api/v1/users?limit=10`.
    public var path: String
    /// Header name and value pairs, in order; hop-by-hop headers are left out.
    public var headers: [[String]]
    public var body: String

    public init(session: String, id: Int64, method: String, path: String, headers: [[String]], body: String) {
        self.session = session
        self.id = id
        self.method = method
        self.path = path
        self.headers = headers
        self.body = body
    }
}
