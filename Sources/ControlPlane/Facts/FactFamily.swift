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
        Self.extends(type.utf8, typePrefix.utf8) && Self.extends(stream.utf8, streamPrefix.utf8)
    }

    /// Whether a stored row's type (its bytes, as replay and the followers read them) is one of
    /// the family's.
    func hasType(_ type: UnsafeBufferPointer<UInt8>) -> Bool {
        Self.extends(type, typePrefix.utf8)
    }

    /// A name of the family is its prefix and at least one byte more: `call.` alone is no type,
    /// `call/` no stream.
    private static func extends(_ name: some Collection<UInt8>, _ prefix: some Collection<UInt8>) -> Bool {
        name.count > prefix.count && name.starts(with: prefix)
    }
}
