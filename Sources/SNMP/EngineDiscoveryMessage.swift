/// RFC 3414 §4's discovery exchange, the two messages of it a notification originator needs:
/// the unauthenticated request that makes an SNMPv3 receiver name its engine, and the reading of
/// the receiver's Report (its snmpEngineID, snmpEngineBoots and snmpEngineTime, RFC 3414 §3.2
/// step 3).
///
/// net-snmp does this exchange itself inside `snmp_open`, synchronously, which held the agent's
/// thread ~2 s per attempt while a receiver was down (issue 13, point 10). So the server does
/// the exchange on an event loop and hands net-snmp the answer with probing turned off. Only
/// these two fixed messages are written and read here; everything authenticated stays net-snmp's.
enum EngineDiscoveryMessage {
    /// msgFlags: reportable, noAuthNoPriv (RFC 3412 §6.4).
    private static let reportableFlag: UInt8 = 0x04
    private static let userSecurityModel = 3
    /// The largest UDP payload, as net-snmp announces it.
    private static let maximumMessageSize = 65507

    /// The discovery request: a GetRequest with no variable bindings, empty engine ID, user and
    /// context, flagged reportable so that the receiver answers with a Report.
    static func request(messageID: Int32, requestID: Int32) -> [UInt8] {
        let securityParameters = BER.sequence(
            BER.octets([]) + BER.integer(0) + BER.integer(0) + BER.octets([]) + BER.octets([]) + BER.octets([]))
        let getRequest = BER.element(
            BER.getRequestTag, BER.integer(Int(requestID)) + BER.integer(0) + BER.integer(0) + BER.sequence([]))
        let scopedPDU = BER.sequence(BER.octets([]) + BER.octets([]) + getRequest)
        let globalData = BER.sequence(
            BER.integer(Int(messageID)) + BER.integer(maximumMessageSize) + BER.octets([reportableFlag])
                + BER.integer(userSecurityModel))
        return BER.sequence(BER.integer(3) + globalData + BER.octets(securityParameters) + scopedPDU)
    }

    /// The engine a Report answering `messageID` names, or nil for anything else (another
    /// message, a response, a malformed or truncated packet, an engine ID outside RFC 3411's
    /// 5–32 octets).
    static func engine(inReport datagram: [UInt8], answering messageID: Int32) -> DiscoveredEngine? {
        var message = BER.Reader(datagram)
        guard var outer = message.read(BER.sequenceTag), message.isAtEnd,
            outer.readInteger() == 3,
            var globalData = outer.read(BER.sequenceTag),
            globalData.readInteger() == Int(messageID),
            globalData.readInteger() != nil,
            let flags = globalData.read(BER.octetStringTag)?.remaining, flags.count == 1, flags[0] & 0x03 == 0,
            globalData.readInteger() == userSecurityModel,
            let securityParameters = outer.read(BER.octetStringTag)?.remaining,
            var scopedPDU = outer.read(BER.sequenceTag)
        else { return nil }
        var parameters = BER.Reader(securityParameters)
        guard var usm = parameters.read(BER.sequenceTag),
            let engineID = usm.read(BER.octetStringTag)?.remaining, (5...32).contains(engineID.count),
            let boots = usm.readInteger(), let time = usm.readInteger(),
            let bootsValue = UInt32(exactly: boots), let timeValue = UInt32(exactly: time),
            scopedPDU.read(BER.octetStringTag) != nil, scopedPDU.read(BER.octetStringTag) != nil,
            scopedPDU.read(BER.reportTag) != nil
        else { return nil }
        return DiscoveredEngine(engineID: engineID, boots: bootsValue, time: timeValue)
    }
}
