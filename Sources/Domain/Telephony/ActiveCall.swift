/// A call open in the log: started, perhaps answered, not yet ended.
public struct ActiveCall: Sendable, Hashable, Codable {
    public var start: CallStart
    /// The winning answer, `nil` while the call is still ringing.
    public var answer: CallAnswer?

    public init(start: CallStart, answer: CallAnswer? = nil) {
        self.start = start
        self.answer = answer
    }

    /// The terminals the log tells of: the caller's and the answering one, ascending, each once.
    public var knownTerminals: [Int] {
        Array(Set([start.callerTerminal, answer?.terminal].compactMap { $0 })).sorted()
    }
}
