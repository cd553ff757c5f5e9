/// How a call ended: the payload of `call.ended`, the last fact of its stream.
public struct CallEnd: Sendable, Hashable, Codable {
    public var callID: String
    public var cause: CallEndCause
    public var endedBy: CallEndedBy
    /// From the answer to the end, 0 for a call never answered.
    public var durationMs: Int64
    /// Every terminal the call involved (the caller's, those it was offered to, the answering
    /// one), ascending, each once.
    public var terminals: [Int]
    /// When the call ended (microseconds since the epoch). For a call closed at a restart, the
    /// last instant the previous run is known to have been alive (docs/decisions.md, "Calls in
    /// the log").
    public var at: Int64
    /// For a call whose media went through the relay (issue 16 point 6): the RTP packets it
    /// forwarded both ways, and those that never reached it (gaps in the senders' sequence
    /// numbers). `nil` for direct media, which the system never sees.
    public var relayedPackets: Int?
    public var lostPackets: Int?

    public init(
        callID: String, cause: CallEndCause, endedBy: CallEndedBy, durationMs: Int64, terminals: [Int], at: Int64, relayedPackets: Int? = nil,
        lostPackets: Int? = nil
    ) {
        self.relayedPackets = relayedPackets
        self.lostPackets = lostPackets
        self.callID = callID
        self.cause = cause
        self.endedBy = endedBy
        self.durationMs = durationMs
        self.terminals = terminals
        self.at = at
    }
}
