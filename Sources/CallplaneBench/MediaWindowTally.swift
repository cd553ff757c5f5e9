/// What the load generator counted for the packets of one path (through the relay, or to
/// itself directly) that it sent in one measurement window. A packet belongs to the window it
/// was sent in, whenever it arrives, so after the drain `sent - received` is what that window
/// lost.
struct MediaWindowTally: Sendable {
    var sent = 0
    /// Of those sent, the ones the kernel refused at `sendto` (lost before any relay saw them).
    var refused = 0
    var received = 0
    /// One-way delay of each packet received, send to receive, in nanoseconds.
    var delays: [Int] = []
    /// Decrypted but not the packet that was sent (header or payload changed).
    var corrupt = 0
    /// Refused by the receiving phone's SRTP session: tag, replay or key (RFC 3711 §3.3).
    var unauthenticated = 0
    /// From a source other than the relay's port facing the phone (RFC 4961's symmetric RTP),
    /// or for a stream not set up yet.
    var strays = 0
    /// Millisecond slots the generator sent more than ``MediaLoadLoop/lateness`` late.
    var lateSlots = 0

    var lost: Int { sent - received }

    mutating func merge(_ other: MediaWindowTally) {
        sent += other.sent
        refused += other.refused
        received += other.received
        delays += other.delays
        corrupt += other.corrupt
        unauthenticated += other.unauthenticated
        strays += other.strays
        lateSlots += other.lateSlots
    }

    /// The delay below which `fraction` of the packets arrived, in milliseconds (nearest rank).
    func delayMilliseconds(_ fraction: Double) -> Double {
        percentile(delays.map { Double($0) / 1e6 }, fraction)
    }
}
