extension SIPDigestNonce {
    /// How a nonce a client returned stands.
    public enum Verdict: Sendable, Hashable {
        /// Minted by this server for this realm, within its lifetime.
        case valid
        /// Minted by this server for this realm but older than the lifetime, or stamped later
        /// than `now` (the clock went back): the client may retry with a fresh nonce without
        /// asking the user, and the new challenge says `stale=true` (RFC 2617 §3.2.1).
        case stale
        /// Not minted by this server with this key for this realm: garbled or forged.
        case invalid
    }
}
