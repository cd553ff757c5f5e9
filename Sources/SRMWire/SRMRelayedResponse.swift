/// The system's answer to an ``SRMRelayedRequest``: the admin API's status, headers and body
/// (base64), which the SRM server hands the technician as they are.
public struct SRMRelayedResponse: Sendable, Hashable, Codable {
    public var session: String
    public var id: Int64
    public var status: Int
    public var headers: [[String]]
    public var body: String

    public init(session: String, id: Int64, status: Int, headers: [[String]], body: String) {
        self.session = session
        self.id = id
        self.status = status
        self.headers = headers
        self.body = body
    }
}
