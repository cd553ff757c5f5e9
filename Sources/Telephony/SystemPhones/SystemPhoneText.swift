import SIP

/// What became of one event message sent as text to the terminals of a message group.
public struct SystemPhoneTextOutcome: Sendable, Hashable {
    /// Registered contacts the MESSAGE went to.
    public var contacts: Int
    /// Those that answered 2xx (RFC 3428 §7: the text reached the phone).
    public var delivered: Int
    /// The final status of each that did not, or 408 for a timeout or a dead flow.
    public var refusals: [Int]
}
