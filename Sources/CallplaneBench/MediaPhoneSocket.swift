import Foundation

/// A phone's RTP socket in the load generator: a non-blocking IPv4 UDP socket on 127.0.0.1
/// connected to its one peer, driven with the C library alone. The generator shares two cores
/// with the relay it measures, so it does per packet what a phone must (one `send`, one
/// `recvfrom`, SRTP) and no more: with an NIO channel per phone it took nearly twice the CPU
/// (45 % of a core against 25 % at 50 calls), CPU the relay then lacked.
enum MediaPhoneSocket {
    /// Big enough for the bursts of a loop that woke late: a few hundred packets.
    static let receiveBufferBytes: Int32 = 256 * 1024

    /// A bound socket and its port.
    static func bind() throws -> (descriptor: Int32, port: Int) {
        let descriptor = socket(AF_INET, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw BenchError("socket: \(String(cString: strerror(errno)))") }
        var size = receiveBufferBytes
        setsockopt(descriptor, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        var address = loopback(port: 0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.bind(descriptor, $0, length) == 0 && getsockname(descriptor, $0, &length) == 0 }
        }
        guard bound else {
            let reason = String(cString: strerror(errno))
            close(descriptor)
            throw BenchError("binding a load generator socket on 127.0.0.1: \(reason)")
        }
        return (descriptor, Int(UInt16(bigEndian: address.sin_port)))
    }

    static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        return address
    }

    /// Makes `port` on 127.0.0.1 the socket's only peer: its packets go there, and the kernel
    /// keeps the route instead of looking it up for every packet, and delivers only what comes
    /// from there — the relay answers from the port it is sent to (RFC 4961).
    static func connect(_ descriptor: Int32, to port: Int) throws {
        var address = loopback(port: port)
        let status = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard status == 0 else { throw BenchError("connect to 127.0.0.1:\(port): \(String(cString: strerror(errno)))") }
    }

    /// Sends `bytes` to the socket's peer; false when the kernel refused it (the packet is lost).
    static func send(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer) -> Bool {
        Glibc.send(descriptor, bytes.baseAddress, bytes.count, 0) == bytes.count
    }

    /// The next datagram into `bytes`: its length and source port, or nil when none is waiting.
    static func receive(_ descriptor: Int32, into bytes: UnsafeMutableRawBufferPointer) -> (length: Int, port: Int)? {
        var source = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let count = withUnsafeMutablePointer(to: &source) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { recvfrom(descriptor, bytes.baseAddress, bytes.count, 0, $0, &length) }
        }
        guard count >= 0 else { return nil }
        return (count, Int(UInt16(bigEndian: source.sin_port)))
    }
}
