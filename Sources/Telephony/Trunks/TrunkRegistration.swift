import Domain
import Foundation
import SIP

/// One SIP account's registration with its provider (issue 16, point 1): the settings it was
/// made from, the dialog-like identity RFC 3261 §10.2 asks a UA to keep across its REGISTERs
/// (one Call-ID, a CSeq that only grows), and its ``StateMachine``.
struct TrunkRegistration: Sendable {
    let account: SIPAccount
    let provider: SIPProvider
    /// Bumped whenever the settings change, so a late answer to an older attempt is ignored.
    let generation: Int
    let callID: String
    var cseq: UInt32 = 0
    var machine: StateMachine
    /// Nonce counts per nonce answered (RFC 2617 §3.2.2: `nc` counts the requests sent with it).
    var nonceCounts: [String: UInt32] = [:]
    /// What the last attempt ended with, for the API: `200 OK`, `403 Forbidden`, `timeout` …
    var lastOutcome: String?
    var lastAttemptAt: Int64?
    /// The connection the last REGISTER went over (TCP and TLS), watched for its close.
    var flow: SIPPeer?

    init(account: SIPAccount, provider: SIPProvider, generation: Int, availability: TrunkAvailability, now: Int64) {
        self.account = account
        self.provider = provider
        self.generation = generation
        callID = UUID().uuidString.lowercased() + "@callplane"
        machine = StateMachine(interval: provider.registerIntervalSeconds, availability: availability, now: now)
    }

    /// Whether `account` at `provider` registers the same way (anything else starts over).
    func matches(_ account: SIPAccount, _ provider: SIPProvider) -> Bool {
        self.account == account && self.provider == provider
    }

    /// The registrar's URI (§10.2: the domain, no user part).
    var registrarURI: SIPURI { provider.uri() }

    /// The address of record: `sip:<user>@<provider host>`.
    var addressOfRecord: String { "sip:" + account.user + "@" + provider.host }

    /// The next REGISTER (§10.2): To and From the address of record, this registration's
    /// Call-ID and the next CSeq, a Contact at `local` (the flow's own address), and
    /// `authorization` answering a challenge.
    mutating func request(expires: Int, contactHost: String, authorization: (SIPHeaderName, String)?) -> SIPRequest {
        cseq += 1
        var headers = SIPHeaders()
        headers.add(.maxForwards, "70")
        headers.add(.to, "<" + addressOfRecord + ">")
        headers.add(.from, "<" + addressOfRecord + ">;tag=" + SIPTag.random())
        headers.add(.callID, callID)
        headers.add(.cseq, SIPCSeq(cseq, .register).description)
        headers.add(.contact, TrunkRegistrar.contact(user: account.user, at: contactHost, over: provider.transport))
        headers.add(.expires, String(expires))
        headers.add(.allow, CallCore.allowHeader)
        headers.add(SIPHeaderName("User-Agent"), "Callplane")
        if let (name, value) = authorization { headers.add(name, value) }
        return SIPRequest(method: .register, uri: .sip(registrarURI), headers: headers)
    }
}
