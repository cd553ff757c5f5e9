/// How the local signal destination reaches its syslog collector: RFC 5426 (UDP), RFC 6587
/// octet counting (TCP) or RFC 5425 (TLS).
public enum SyslogTransport: String, Sendable, Hashable, Codable, CaseIterable {
    case udp
    case tcp
    case tls
}
