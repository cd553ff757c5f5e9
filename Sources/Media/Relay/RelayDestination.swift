import NIOCore

/// Where the relay sends one stream of one side: the address the side's session description
/// announced, until the side's first packet arrives — from then on that packet's source
/// ("latching", symmetric RTP, RFC 4961): a phone behind NAT announces its private address but
/// is reached only at the public one its packets come from.
///
/// The latch holds until the side announces again (a re-INVITE or UPDATE with new SDP), and
/// packets from any other source are dropped meanwhile: a stranger who guesses the port cannot
/// take over a call's media once it flows.
struct RelayDestination {
    private(set) var announced: RelayTarget?
    private(set) var latchedRTP: SocketAddress?
    private(set) var latchedRTCP: SocketAddress?

    mutating func announce(_ target: RelayTarget?) {
        announced = target
        latchedRTP = nil
        latchedRTCP = nil
    }

    /// Whether a packet from `source` on this side's socket is the side's own: the first one
    /// latches.
    mutating func accepts(from source: SocketAddress, rtcp: Bool) -> Bool {
        if rtcp {
            guard let latchedRTCP else {
                self.latchedRTCP = source
                return true
            }
            return latchedRTCP == source
        }
        guard let latchedRTP else {
            latchedRTP = source
            return true
        }
        return latchedRTP == source
    }

    var rtpDestination: SocketAddress? { latchedRTP ?? announced?.rtp }

    /// The latched RTCP source, else the announced RTCP address, else the latched RTP source's
    /// port plus one (a phone behind NAT that has not sent RTCP yet).
    var rtcpDestination: SocketAddress? {
        if let latchedRTCP { return latchedRTCP }
        if let announced = announced?.rtcp, latchedRTP == nil { return announced }
        guard let latchedRTP, let port = latchedRTP.port, port < 65535 else { return announced?.rtcp }
        var address = latchedRTP
        address.port = port + 1
        return address
    }
}
