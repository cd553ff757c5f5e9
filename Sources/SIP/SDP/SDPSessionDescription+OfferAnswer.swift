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

    /// Whether the writer holds `media`: it will not receive it (`sendonly` or `inactive`,
    /// RFC 3264 §8.4) or it sent the RFC 2543 `c=0.0.0.0`, which §8.4 says peers still use.
    public func isHold(_ media: SDPMediaDescription) -> Bool {
        let streamDirection = direction(of: media)
        return streamDirection == .sendonly || streamDirection == .inactive || connection(of: media)?.isLegacyHold == true
    }

    /// Whether the description puts the call on hold: every stream still in use (port not 0,
    /// RFC 3264 §8.2) is held, and there is at least one.
    public var isHold: Bool {
        let active = media.filter { $0.port != 0 }
        return !active.isEmpty && active.allSatisfy { isHold($0) }
    }

    /// The same description with every media description set to `direction` and the
    /// session-level direction removed, so that no inherited value contradicts it: `sendonly`
    /// is the hold offer of RFC 3264 §8.4, `sendrecv` the resume. The origin's version is left
    /// to ``withNextVersion()``, since the caller may change more before sending.
    public func withDirection(_ direction: SDPDirection) -> SDPSessionDescription {
        withDirections { _ in direction }
    }

    /// RFC 3264 §8.4's hold offer, stream by stream: `sendrecv` becomes `sendonly` and
    /// `recvonly` becomes `inactive`, so the holder never asks to receive what it did not.
    public func held() -> SDPSessionDescription {
        withDirections(\.held)
    }

    /// The reverse of ``held()``.
    public func resumed() -> SDPSessionDescription {
        withDirections(\.resumed)
    }

    /// The same description with the origin's session version one higher, as RFC 3264 §8 asks
    /// of every offer that changes something; `nil` at 2^64−1 rather than wrap to a version the
    /// peer has already seen.
    public func withNextVersion() -> SDPSessionDescription? {
        guard origin.sessionVersion < .max else { return nil }
        var copy = self
        copy.origin.sessionVersion += 1
        return copy
    }

    private func withDirections(_ transform: (SDPDirection) -> SDPDirection) -> SDPSessionDescription {
        var copy = self
        copy.attributes = attributes.removingDirection()
        for index in copy.media.indices {
            copy.media[index].attributes = media[index].attributes.replacingDirection(with: transform(direction(of: media[index])))
        }
        return copy
    }
}
