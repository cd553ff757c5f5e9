import NIOCore

/// One direction of SRTP and SRTCP (RFC 3711) for one call leg: an outbound session protects
/// what this side sends under this side's key, an inbound one checks and decrypts what the peer
/// sends under the peer's. SDES gives each direction its own key (RFC 4568 §6.1), so a leg
/// needs two sessions, and one key is never used both ways, which would reuse keystream
/// (RFC 3711 §9.1).
///
/// Packets are transformed in place in the caller's `ByteBuffer`. Protecting appends the
/// suite's trailer, growing the buffer only when it lacks the room (``SRTPSuite/rtpTrailerLength``
/// and ``SRTPSuite/rtcpTrailerLength`` say how much to leave); unprotecting shortens it to the
/// plain packet. A buffer read from a datagram socket has room to spare and is transformed
/// without a copy; so is one whose storage no other `ByteBuffer` shares (a shared one is copied
/// on write, as any mutation of it would be). libsrtp reads the header as 32-bit words, so a
/// packet that starts off a 4-octet boundary (after RFC 4571's 2-octet framing, say) is first
/// moved to a fresh buffer.
///
/// Not `Sendable`: each packet updates the session's rollover counters and replay lists
/// (RFC 3711 §3.3.1, §3.3.2) and libsrtp takes no lock. A session belongs to the one event loop
/// (or thread) that carries its call leg's media; create it there, or hand it over once before
/// its first packet.
public final class SRTPSession {
    /// Which way a session's packets go, and so which operations it allows.
    public enum Direction: String, Sendable, Hashable, CustomStringConvertible {
        /// Checks and decrypts the peer's packets: ``SRTPSession/unprotect(_:)`` and
        /// ``SRTPSession/unprotectRTCP(_:)``.
        case inbound
        /// Encrypts and tags this side's packets: ``SRTPSession/protect(_:)`` and
        /// ``SRTPSession/protectRTCP(_:)``.
        case outbound

        public var description: String { rawValue }
    }

    /// The fixed RTP header (RFC 3550 §5.1), below which no packet is RTP.
    static let rtpHeaderLength = 12
    /// The RTCP header and sender SSRC, which SRTCP leaves in clear (RFC 3711 §3.4).
    static let rtcpHeaderLength = 8

    public let suite: SRTPSuite
    public let direction: Direction
    private let handle: OpaquePointer
    private let rtpTrailerLength: Int
    private let rtcpTrailerLength: Int

    /// A session of `suite` for `direction`, keyed with `key`. Throws when the key is for
    /// another suite, when this libsrtp build lacks the suite (see ``SRTPSuite/available``), or
    /// when libsrtp cannot create the session.
    public init(suite: SRTPSuite, key: SRTPKeyMaterial, direction: Direction) throws(SRTPError) {
        guard key.suite == suite else { throw .suiteMismatch(session: suite, key: key.suite) }
        guard suite.isAvailable else { throw .suiteUnavailable(suite) }
        self.suite = suite
        self.direction = direction
        handle = try SRTPLibrary.createSession(suite: suite, keyMaterial: key.keyAndSalt, direction: direction)
        // The suite's lengths are the RFC's; libsrtp's own count is taken too, so a build that
        // appends more than the RFC says gets the room it writes into.
        let reported = SRTPLibrary.trailerLengths(session: handle)
        rtpTrailerLength = max(suite.rtpTrailerLength, reported.rtp)
        rtcpTrailerLength = max(suite.rtcpTrailerLength, reported.rtcp)
    }

    deinit {
        SRTPLibrary.deallocate(handle)
    }

    /// Encrypts the RTP packet in `buffer`'s readable bytes and appends its tag (RFC 3711 §3.3).
    /// On an error the packet is not to be sent: its bytes are unspecified, its length is
    /// restored.
    public func protect(_ buffer: inout ByteBuffer) throws(SRTPError) {
        try apply(.protectRTP, to: &buffer, on: .outbound, minimumLength: Self.rtpHeaderLength, growth: rtpTrailerLength)
    }

    /// Checks the replay list and the tag of the SRTP packet in `buffer`, then decrypts it and
    /// drops the trailer (RFC 3711 §3.3). On an error the packet is to be dropped: its bytes
    /// are unspecified, its length is restored.
    public func unprotect(_ buffer: inout ByteBuffer) throws(SRTPError) {
        try apply(.unprotectRTP, to: &buffer, on: .inbound, minimumLength: Self.rtpHeaderLength + suite.rtpAuthTagLength, growth: 0)
    }

    /// Encrypts the RTCP compound packet in `buffer`, then appends the E flag, the SRTCP index
    /// and the tag (RFC 3711 §3.4).
    public func protectRTCP(_ buffer: inout ByteBuffer) throws(SRTPError) {
        try apply(.protectRTCP, to: &buffer, on: .outbound, minimumLength: Self.rtcpHeaderLength, growth: rtcpTrailerLength)
    }

    /// Checks and decrypts the SRTCP packet in `buffer` and drops its trailer (RFC 3711 §3.4).
    public func unprotectRTCP(_ buffer: inout ByteBuffer) throws(SRTPError) {
        try apply(.unprotectRTCP, to: &buffer, on: .inbound, minimumLength: Self.rtcpHeaderLength + suite.rtcpTrailerLength, growth: 0)
    }

    private func apply(
        _ transform: SRTPLibrary.Transform, to buffer: inout ByteBuffer, on required: Direction, minimumLength: Int, growth: Int
    ) throws(SRTPError) {
        guard direction == required else { throw .wrongDirection(session: direction, operation: transform.name) }
        let length = buffer.readableBytes
        guard length >= minimumLength else { throw .packetTooShort(length: length, minimum: minimumLength) }
        guard length <= Int(Int32.max) - growth else { throw .packetTooLong(length: length) }
        buffer.reserveCapacity(minimumWritableBytes: growth)
        // Measured on the storage libsrtp will write to: the mutable access has already copied
        // a shared buffer.
        let isAligned = buffer.withUnsafeMutableReadableBytes { Int(bitPattern: $0.baseAddress) % 4 == 0 }
        if !isAligned {
            var aligned = ByteBufferAllocator().buffer(capacity: length + growth)
            aligned.writeImmutableBuffer(buffer)
            buffer = aligned
        }
        let readerIndex = buffer.readerIndex
        buffer.moveWriterIndex(forwardBy: growth)
        let result = buffer.withUnsafeMutableReadableBytes { packet in
            SRTPLibrary.apply(transform, session: handle, packet: packet.baseAddress!, length: length)
        }
        switch result {
        case .success(let newLength):
            precondition(newLength <= length + growth, "libsrtp wrote past the trailer it was given")
            buffer.moveWriterIndex(to: readerIndex + newLength)
        case .failure(let error):
            buffer.moveWriterIndex(to: readerIndex + length)
            throw error
        }
    }
}

@available(*, unavailable)
extension SRTPSession: Sendable {}
