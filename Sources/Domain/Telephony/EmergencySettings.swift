/// The public emergency numbers (manual §3.1.2 Tab. 13: at most 20) and where an emergency call
/// goes while the system has no trunk (issue 15, point 6).
///
/// Dialling one of the numbers raises "Emergency call started" (Tab. 24) before the call is
/// routed, and the numbering plan resolves them before any user number.
public struct EmergencySettings: Sendable, Hashable, Codable {
    /// The list an administrator set, in their order; `nil` follows the defaults of the system's
    /// country (``countryDefaults(_:)``), so a change of country changes the list with it.
    public var numbers: [String]?
    /// The call number of the user emergency calls are put through to while there is no trunk
    /// (e.g. the reception); `nil` answers them 480 after the event message is raised.
    public var internalDestination: String?

    public init(numbers: [String]? = nil, internalDestination: String? = nil) {
        self.numbers = numbers
        self.internalDestination = internalDestination
    }

    /// The numbers in force for a system set up for `country`.
    public func effectiveNumbers(country: String) -> [String] {
        numbers ?? Self.countryDefaults(country)
    }
}
