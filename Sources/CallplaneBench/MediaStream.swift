import Foundation
import Media

/// One direction of one call in the load generator: the sending phone's socket (connected to
/// the relay's port facing it, or to the other phone directly) and SRTP session, and the
/// receiving phone's socket and session. Both phones of a call belong to one of the generator's
/// threads, which alone touches the stream: `SRTPSession` keeps per-packet state and takes no
/// lock.
struct MediaStream {
    /// Whether a stream crosses the relay or is the generator's own baseline.
    enum Path: Int, Sendable, CaseIterable {
        case relayed
        case direct
    }

    /// What the stream is made from, handed to its thread, which makes the SRTP sessions.
    struct Setup: Sendable {
        var path: Path
        var sender: Int32
        var receiver: Int32
        /// The port the receiving phone's packets must come from: the relay's port facing it
        /// (the relay sends from the socket it receives on, RFC 4961), or the sender's own.
        var expectedSource: Int
        var packets: MediaBenchPacket.Stream
        /// The sender's key, which it protects with (SDES: each sender picks its own, RFC 4568 §6.1).
        var sendingKey: SRTPKeyMaterial
        /// The key the receiving phone unprotects with: the relay's key for it, or the sender's.
        var receivingKey: SRTPKeyMaterial
        /// The millisecond of each 20 ms period in which this stream sends.
        var slot: Int
    }

    let path: Path
    let sender: Int32
    let receiver: Int32
    let expectedSource: Int
    let packets: MediaBenchPacket.Stream
    let outbound: SRTPSession
    let inbound: SRTPSession

    init(_ setup: Setup) throws {
        path = setup.path
        sender = setup.sender
        receiver = setup.receiver
        expectedSource = setup.expectedSource
        packets = setup.packets
        outbound = try SRTPSession(suite: setup.sendingKey.suite, key: setup.sendingKey, direction: .outbound)
        inbound = try SRTPSession(suite: setup.receivingKey.suite, key: setup.receivingKey, direction: .inbound)
    }
}
