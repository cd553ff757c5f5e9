/// The answer that won the call (first 2xx among the forks): the payload of `call.answered`.
public struct CallAnswer: Sendable, Hashable, Codable {
    public var callID: String
    /// The answering terminal's id, when the call core knows it.
    public var terminal: Int?
    /// The Contact the answer came from.
    public var contact: String
    /// When the call was answered (microseconds since the epoch).
    public var at: Int64

    public init(callID: String, terminal: Int?, contact: String, at: Int64) {
        self.callID = callID
        self.terminal = terminal
        self.contact = contact
        self.at = at
    }
}
