import SIP

/// One registered contact of a terminal and the flow to reach it over: a branch of a forked call.
public struct ReachableContact: Sendable {
    public var terminal: Int
    /// The Contact URI the terminal registered: the Request-URI of the INVITE that reaches it.
    public var contact: SIPAddrSpec
    public var peer: SIPPeer
}
