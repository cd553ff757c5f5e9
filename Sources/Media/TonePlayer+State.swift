import NIOCore

extension TonePlayer {
    /// What the player's event loop knows: whether the one tone was started, and the playback
    /// in progress.
    struct State {
        var used = false
        var playback: Playback?
    }

    /// One tone in progress; touched only on the player's event loop (it is reached through the
    /// loop-bound ``State`` box, whose accessors check the loop).
    final class Playback {
        let tone: Tone
        let law: G711Law
        var packetizer: RTPPacketizer
        let remote: SocketAddress
        let packets: Int
        let promise: EventLoopPromise<Int>
        let start = NIODeadline.now()
        var sent = 0
        var writes: [EventLoopFuture<Void>] = []
        var scheduled: Scheduled<Void>?

        init(tone: Tone, law: G711Law, packetizer: RTPPacketizer, remote: SocketAddress, packets: Int, promise: EventLoopPromise<Int>) {
            self.tone = tone
            self.law = law
            self.packetizer = packetizer
            self.remote = remote
            self.packets = packets
            self.promise = promise
        }
    }
}
