/// A fault that is still open (manual §6.3.1.3, *Active event messages*): a negative message
/// until its positive partner with the same identifying parameters arrives or an administrator
/// confirms it; a message without a match until it is confirmed.
///
/// Repeats of the same fault (same type and identifying parameters) update one entry instead of
/// adding another, so a flapping trunk is one active message with a count, not thousands.
public struct ActiveEventMessage: Sendable, Hashable, Codable {
    /// The number of the occurrence that opened it; confirming uses this number.
    public var number: Int64
    /// Type key and identifying parameter values: what makes two occurrences the same fault.
    public var identity: String
    public var type: String
    public var code: Int
    public var severity: EventSeverity
    /// The parameters of the latest occurrence.
    public var parameters: [String: String]
    /// The node that reported the latest occurrence.
    public var node: Int
    public var firstAt: Int64
    public var lastAt: Int64
    public var lastNumber: Int64
    public var count: Int
    public var simulated: Bool
}

extension ActiveEventMessage {
    /// Another occurrence of the same fault: the latest one's details, one more in the count, and
    /// simulated only while every occurrence was.
    mutating func repeated(by message: EventMessage) {
        severity = message.severity
        parameters = message.parameters
        node = message.node
        lastAt = message.at
        lastNumber = message.number
        count += 1
        simulated = simulated && message.simulated
    }
}
