/// The two sides of a relayed call: the caller's leg and the callee's (or the provider's).
/// Each side has its own sockets, so each endpoint sees only the relay.
public enum RelaySide: Int, Sendable, Hashable, CaseIterable {
    case caller
    case callee

    public var other: RelaySide { self == .caller ? .callee : .caller }
}
