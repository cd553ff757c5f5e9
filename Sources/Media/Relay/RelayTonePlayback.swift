import NIOCore

/// A tone the relay plays into one side of a call instead of the other side's voice — the
/// acknowledgement of a function code dialled during the call (manual §5.4.2, "e.g. after an
/// enquiry"; issue 16 point 5). Its own SSRC and sequence, 20 ms of G.711 per packet, protected
/// like the rest of that side's media when the side is SRTP.
struct RelayTonePlayback {
    var tone: Tone
    var law: G711Law
    var packetizer: RTPPacketizer
    var sent = 0
    let packets: Int
    var task: RepeatedTask?
}
