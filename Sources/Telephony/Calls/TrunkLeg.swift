/// What a leg to a SIP provider carries beside its INVITE (issue 16, point 2): the account it
/// goes out on — whose credentials answer the provider's challenge, once — and the CSeq of the
/// INVITE sent last, which its ACK must repeat (RFC 3261 §13.2.2.4).
struct TrunkLeg {
    let account: Int
    var challengeAnswered = false
    var sequence: UInt32 = 1
}
