extension SIPDigestVerifier {
    /// The outcome of ``SIPDigestVerifier/verify(_:method:requestURI:body:secret:at:)``, with
    /// the answer a registrar gives (a proxy answers 407 where this says 401).
    public enum Verdict: Sendable, Hashable {
        /// The credentials prove the password: process the request.
        case authenticated
        /// The password is right but the nonce has expired: 401 with fresh challenges carrying
        /// `stale=true`, so the phone retries without asking its user (RFC 2617 §3.2.1).
        case stale
        /// The nonce was not minted here (garbled, forged, another key or realm): 401 with
        /// fresh challenges.
        case invalidNonce
        /// The response does not match the password: 401 with fresh challenges so a phone with
        /// a mistyped password may try again, or 403 once the registrar's retry policy is
        /// exhausted (RFC 3261 §22.1 leaves the choice to the server; the DoS protection of
        /// issue 15 counts these).
        case wrongPassword
        /// Credentials for another realm: 401 with this realm's challenges (RFC 3261 §22.1;
        /// another realm's credentials are for another server).
        case wrongRealm
        /// An algorithm not offered (or without an HA1 kept for it): 401 with the challenges of
        /// those offered.
        case unsupportedAlgorithm
        /// The `uri` does not name the Request-URI: 400 Bad Request (RFC 2617 §3.2.2.5).
        case uriMismatch
        /// The credentials break a rule of their grammar: 400 Bad Request naming it.
        case malformed(SIPDigestError)
    }
}
