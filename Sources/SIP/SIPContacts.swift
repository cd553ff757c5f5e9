/// The value of the Contact headers of a message (RFC 3261 §20.10): either `*`, which only a
/// REGISTER removing all bindings may send (§10.2.2), or a list of addresses with their
/// parameters (`expires`, `q` …), gathered across every Contact header in order.
public enum SIPContacts: Sendable, Hashable {
    case wildcard
    case addresses([SIPAddress])
}
