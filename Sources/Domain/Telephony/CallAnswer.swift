/// The answer that won the call (first 2xx among the forks): the payload of `call.answered`.
public struct CallAnswer: Sendable, Hashable, Codable {
    public var callID: String
    /// The answering terminal's id, when the call core knows it.
    public var terminal: Int?
    /// The Contact the answer came from.
    public var contact: String
    /// When the call was answered (microseconds since the epoch).
    public var at: Int64
    /// Whether the media goes through the relay (issue 16 point 3).
    public var relayed: Bool
    /// Whether the caller's leg, and the callee's, carry SRTP (issue 16 point 4: an SDES key
    /// in both the offer and the answer of that leg).
    public var callerSRTP: Bool
    public var calleeSRTP: Bool

    public init(callID: String, terminal: Int?, contact: String, at: Int64, relayed: Bool = false, callerSRTP: Bool = false, calleeSRTP: Bool = false) {
        self.relayed = relayed
        self.callerSRTP = callerSRTP
        self.calleeSRTP = calleeSRTP
        self.callID = callID
        self.terminal = terminal
        self.contact = contact
        self.at = at
    }

    enum CodingKeys: String, CodingKey { case callID, terminal, contact, at, relayed, callerSRTP, calleeSRTP }

    /// The media members are read as false when absent and written only when true, so the
    /// facts and snapshots of calls answered before they existed read and hash as they did.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        callID = try container.decode(String.self, forKey: .callID)
        terminal = try container.decodeIfPresent(Int.self, forKey: .terminal)
        contact = try container.decode(String.self, forKey: .contact)
        at = try container.decode(Int64.self, forKey: .at)
        relayed = try container.decodeIfPresent(Bool.self, forKey: .relayed) ?? false
        callerSRTP = try container.decodeIfPresent(Bool.self, forKey: .callerSRTP) ?? false
        calleeSRTP = try container.decodeIfPresent(Bool.self, forKey: .calleeSRTP) ?? false
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(callID, forKey: .callID)
        try container.encodeIfPresent(terminal, forKey: .terminal)
        try container.encode(contact, forKey: .contact)
        try container.encode(at, forKey: .at)
        if relayed { try container.encode(true, forKey: .relayed) }
        if callerSRTP { try container.encode(true, forKey: .callerSRTP) }
        if calleeSRTP { try container.encode(true, forKey: .calleeSRTP) }
    }
}
