extension SDPSessionDescription {
    /// The session-level direction attribute, `nil` when absent.
    public var direction: SDPDirection? { attributes.direction }

    /// The direction that applies to `media`: its own attribute, else the session's, else
    /// `sendrecv` (RFC 3264 §5.1, RFC 4566 §6).
    public func direction(of media: SDPMediaDescription) -> SDPDirection {
        media.direction ?? direction ?? .sendrecv
    }

    /// The connection that applies to `media`: its own `c=`, else the session's (§5.7).
    public func connection(of media: SDPMediaDescription) -> SDPConnection? {
        media.connection ?? connection
    }
}
