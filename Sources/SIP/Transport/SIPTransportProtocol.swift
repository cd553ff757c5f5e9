/// The transports a listener speaks: UDP and TCP (RFC 3261 §18) and TLS over TCP (§26.2).
public enum SIPTransportProtocol: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case udp
    case tcp
    case tls

    /// The token written in a Via header (`SIP/2.0/UDP`, §20.42).
    public var viaToken: String { rawValue.uppercased() }

    /// Reliable transports frame messages on Content-Length and need no retransmission (§18.3,
    /// §17.1.1.2).
    public var isReliable: Bool { self != .udp }

    /// 5060 for UDP and TCP, 5061 for TLS (§19.1.2).
    public var defaultPort: Int { self == .tls ? 5061 : 5060 }

    public var description: String { rawValue }
}
