import SRMWire

/// What became of one request relayed to a system in a maintenance session.
enum RelayedAnswer: Sendable {
    /// The system's admin API answered.
    case response(SRMRelayedResponse)
    /// No open session has this id (never opened, or ended).
    case unknownSession
    /// The session was opened by another technician; only they may use it.
    case otherTechnician
    /// The request's frame would be over ``SRMFrameCoding/maximumBytes``; its size in bytes.
    case tooLarge(Int)
    /// The session ended, or its connection did, before the answer came; why.
    case ended(String)
    /// No answer within ``MaintenanceTimeouts/response``.
    case timedOut
}
