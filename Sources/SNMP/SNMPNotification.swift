import Domain
import EventMessages

/// One CALLPLANE-MIB notification for an event message: `cpEventMessageRaised` for a negative
/// or stand-alone message, `cpEventMessageCleared` (severity `cleared`) for a positive one, each
/// with the eight `cpNotify…` objects the MIB lists. `sysUpTime.0` and `snmpTrapOID.0` are put
/// in front when it is sent.
public struct SNMPNotification: Sendable, Hashable {
    public struct Varbind: Sendable, Hashable {
        public var name: [UInt32]
        public var value: MIBValue
    }

    public var trapOID: [UInt32]
    public var varbinds: [Varbind]

    public init(_ delivery: EventMessageDelivery) {
        let message = delivery.message
        let cleared = message.polarity == .positive
        trapOID = cleared ? CallplaneMIB.eventMessageCleared : CallplaneMIB.eventMessageRaised
        let values: [MIBValue] = [
            .clampedUnsigned(message.code),
            .text(delivery.eventType?.name ?? message.type),
            .integer(CallplaneMIB.severity(cleared ? nil : message.severity)),
            .text(MIBSnapshot.parameterText(message.parameters)),
            .clampedUnsigned(message.node),
            .dateAndTime(microseconds: message.at),
            // The message number: the index of cpEventLogTable, one more for each message.
            .clampedUnsigned(message.number),
            // 0 when the message opened or cleared no active message (cpActiveIndex starts at 1).
            .clampedUnsigned(message.activeNumber ?? 0),
        ]
        varbinds = values.enumerated().map { Varbind(name: CallplaneMIB.notifyInstance(UInt32($0.offset + 1)), value: $0.element) }
    }
}
