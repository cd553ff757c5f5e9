/// The direction attributes of RFC 4566 §6 and RFC 3264 §5.1: what the writer of the
/// description will do with a stream. A media-level attribute overrides the session-level one,
/// and `sendrecv` applies when neither is given.
public enum SDPDirection: String, Sendable, Hashable, CaseIterable {
    case sendrecv
    case sendonly
    case recvonly
    case inactive

    /// RFC 3264 §8.4: the direction that puts a stream on hold without asking to receive more
    /// than before — `sendrecv` becomes `sendonly`, `recvonly` becomes `inactive`.
    public var held: SDPDirection {
        switch self {
        case .sendrecv, .sendonly: .sendonly
        case .recvonly, .inactive: .inactive
        }
    }

    /// The reverse of ``held``: resuming asks to receive again.
    public var resumed: SDPDirection {
        switch self {
        case .sendonly, .sendrecv: .sendrecv
        case .inactive, .recvonly: .recvonly
        }
    }
}
