import Domain
import SIP

extension SIPProvider {
    /// A URI at the provider: `user` (none for the registrar, §10.2) at its host, with the port
    /// and the transport when they are not the defaults — the REGISTER's Request-URI and a call's
    /// alike, so both reach the provider the same way.
    func uri(user: String? = nil) -> SIPURI {
        let sipHost: SIPHost =
            if host.hasPrefix("[") {
                .ipv6(String(host.dropFirst().dropLast()))
            } else if host.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) || $0 == UInt8(ascii: ".") }) {
                .ipv4(host)
            } else { .hostname(host) }
        return SIPURI(
            user: user, host: sipHost, port: port == transport.defaultPort ? nil : port,
            parameters: transport == .udp ? [:] : ["transport": transport.rawValue])
    }
}
