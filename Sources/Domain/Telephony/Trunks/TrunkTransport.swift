/// How the server reaches a SIP provider (issue 16, point 1). The manual urges TLS for every
/// installation (§3.1.6.1, Secure VoIP); UDP is what most providers still offer.
public enum TrunkTransport: String, Sendable, Hashable, Codable, CaseIterable {
    case udp
    case tcp
    case tls

    /// The port a provider listens on when none is given (RFC 3261 §19.1.2, §26.2).
    public var defaultPort: Int { self == .tls ? 5061 : 5060 }
}
