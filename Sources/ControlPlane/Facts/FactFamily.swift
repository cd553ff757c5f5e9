import Domain

/// A family of streams whose events are telephony facts (registrations, calls, trunk states):
/// the types and streams the ``FactAppender`` may write, and a ``FactProjection`` folds.
public struct FactFamily: Sendable, Hashable {
    /// For logs and errors, e.g. `registration`.
    public var name: String
    /// Every type of the family starts with it, e.g. `registration.`.
    public var typePrefix: String
    /// Every stream of the family starts with it, e.g. `registration/`.
    public var streamPrefix: String

    public init(name: String, typePrefix: String, streamPrefix: String) {
        self.name = name
        self.typePrefix = typePrefix
        self.streamPrefix = streamPrefix
    }

    /// Every family the call core appends: the registrar's and the call recorder's.
    public static var telephony: [FactFamily] { [ActiveRegistrations.family, ActiveCalls.family] }

    func contains(type: String, stream: String) -> Bool {
        type.hasPrefix(typePrefix) && type.count > typePrefix.count
            && stream.hasPrefix(streamPrefix) && stream.count > streamPrefix.count
    }
}
