import NIOCore

/// One alarm server's connection: where its lines go out. Writes go through the channel, which
/// keeps them whole and in order from any thread.
final class ATASConnection: Sendable, Hashable {
    let channel: any Channel
    /// The peer's address, for the access log and the status.
    let address: String

    init(channel: any Channel) {
        self.channel = channel
        address = channel.remoteAddress?.ipAddress ?? "unknown"
    }

    func send(_ line: ATASLine) {
        channel.writeAndFlush(ByteBuffer(bytes: line.encoded()), promise: nil)
    }

    /// Sends the last line and closes once it is written.
    func close(after line: ATASLine? = nil) {
        if let line {
            channel.writeAndFlush(ByteBuffer(bytes: line.encoded())).whenComplete { [channel] _ in channel.close(promise: nil) }
        } else {
            channel.close(promise: nil)
        }
    }

    static func == (lhs: ATASConnection, rhs: ATASConnection) -> Bool { lhs === rhs }
    func hash(into hasher: inout Hasher) { hasher.combine(ObjectIdentifier(self)) }
}
