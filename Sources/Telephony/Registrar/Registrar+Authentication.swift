import NIOCore
import SIP

extension Registrar {
    /// How the credentials of a REGISTER stand, in the terms of the answer they get.
    enum Authentication: Equatable {
        /// None for this realm, or a nonce not minted here, another algorithm: 401 with fresh
        /// challenges.
        case missing
        /// The right password with an old nonce: 401 with `stale=true` (RFC 2617 §3.2.1).
        case stale
        /// Unreadable credentials, or a `uri` other than the Request-URI: 400 naming the rule.
        case malformed(String)
        /// A wrong password, an unknown name, credentials of another name: 403 naming which.
        case failed(String)
        case authenticated
    }

    /// Judges the Digest credentials of `request` for `registrationName`, whose configured
    /// password is `password` (`nil` when no terminal has that name: the response is still
    /// computed, against a random secret, so an unknown name costs what a known one does).
    /// REGISTER carries them in Authorization; a request the call core authenticates, in
    /// Proxy-Authorization (§22.3).
    func authenticate(_ request: SIPRequest, registrationName: String, password: String?) -> Authentication {
        let all: [SIPDigestCredentials]
        do {
            all = try request.headers.digestCredentials(request.method == .register ? .authorization : .proxyAuthorization)
        } catch {
            return .malformed(error.description)
        }
        guard let credentials = all.first(where: { $0.realm == realm }) else { return .missing }
        let secret = SIPDigestSecret.password(password ?? SIPTag.random() + SIPTag.random())
        let verdict = verifier.verify(
            credentials, method: request.method, requestURI: request.uri, body: Array(buffer: request.body), secret: secret,
            at: UInt64(max(0, clock.now() / 1_000_000)))
        switch verdict {
        case .authenticated, .stale:
            guard password != nil else { return .failed("no such terminal") }
            guard credentials.username == registrationName else { return .failed("the credentials are not those of the To") }
            return verdict == .stale ? .stale : .authenticated
        case .invalidNonce, .wrongRealm, .unsupportedAlgorithm:
            return .missing
        case .wrongPassword:
            return .failed(password == nil ? "no such terminal" : "wrong password")
        case .uriMismatch:
            return .malformed("the digest uri does not name the Request-URI (RFC 2617 §3.2.2.5)")
        case .malformed(let error):
            return .malformed(error.description)
        }
    }

    /// 401 with one challenge per algorithm, SHA-256 first (RFC 8760 §2.3); 407 with
    /// Proxy-Authenticate for anything but a REGISTER (§22.3: the call core stands where a proxy
    /// would).
    func challenge(_ request: SIPRequest, stale: Bool, toTag: String) -> SIPResponse {
        let registering = request.method == .register
        var response = SIPResponse(
            answering: request, status: registering ? 401 : 407, reason: registering ? "Unauthorized" : "Proxy Authentication Required",
            toTag: toTag)
        for challenge in verifier.challenges(at: UInt64(max(0, clock.now() / 1_000_000)), stale: stale) {
            response.headers.add(registering ? .wwwAuthenticate : .proxyAuthenticate, challenge.text)
        }
        return response
    }
}
