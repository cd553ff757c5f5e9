/// One of the system's active serious or critical event messages, in a status report: the
/// lines an installer reads beside the system's colour.
public struct SRMActiveMessage: Sendable, Hashable, Codable {
    public var number: Int64
    public var type: String
    public var code: Int
    public var name: String
    public var severity: String
    public var parameters: [String: String]
    /// When it was first raised and when last repeated, microseconds since the Unix epoch.
    public var firstAt: Int64
    public var lastAt: Int64
    public var count: Int

    public init(
        number: Int64, type: String, code: Int, name: String, severity: String, parameters: [String: String], firstAt: Int64, lastAt: Int64,
        count: Int
    ) {
        self.number = number
        self.type = type
        self.code = code
        self.name = name
        self.severity = severity
        self.parameters = parameters
        self.firstAt = firstAt
        self.lastAt = lastAt
        self.count = count
    }
}
