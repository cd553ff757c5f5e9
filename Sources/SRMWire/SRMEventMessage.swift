/// One event message as the agent uploads it: what an installer looking at the SRM server needs
/// to read it without the system's catalogue (the code and name of manual Tab. 24, the
/// parameters by name), and the numbers that pair a clear with its raise.
public struct SRMEventMessage: Sendable, Hashable, Codable {
    /// The message number on the system (1, 2, 3 … in the order they were generated).
    public var number: Int64
    /// The catalogue key, `fan_failure`.
    public var type: String
    /// The Tab. 24 code.
    public var code: Int
    /// The Tab. 24 name, `Fan failure`.
    public var name: String
    /// `normal`, `serious` or `critical`.
    public var severity: String
    /// `negative` (raises) or `positive` (clears).
    public var polarity: String
    public var parameters: [String: String]
    /// When it occurred, microseconds since the Unix epoch.
    public var at: Int64
    /// The active message it opens, repeats or clears, if any.
    public var activeNumber: Int64?
    /// Raised by an administrator to test the path, not by a fault.
    public var simulated: Bool

    public init(
        number: Int64, type: String, code: Int, name: String, severity: String, polarity: String, parameters: [String: String], at: Int64,
        activeNumber: Int64?, simulated: Bool
    ) {
        self.number = number
        self.type = type
        self.code = code
        self.name = name
        self.severity = severity
        self.polarity = polarity
        self.parameters = parameters
        self.at = at
        self.activeNumber = activeNumber
        self.simulated = simulated
    }
}
