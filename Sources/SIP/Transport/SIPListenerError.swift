/// A listener that could not be opened: the address, and why (the port is taken, the address is
/// not local, TLS has no certificate …).
public struct SIPListenerError: Error, Sendable, CustomStringConvertible {
    public var address: SIPListenAddress
    public var reason: String

    public init(address: SIPListenAddress, reason: String) {
        self.address = address
        self.reason = reason
    }

    public var description: String { "\(address): \(reason)" }
}
