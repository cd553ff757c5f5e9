import Domain
import EventMessages
import SRMWire

extension SRMEventMessage {
    /// What the SRM server is told of one delivery: the catalogue's name beside the key, so the
    /// installer's page needs no catalogue of its own.
    init(_ delivery: EventMessageDelivery) {
        let message = delivery.message
        self.init(
            number: message.number, type: message.type, code: message.code, name: delivery.eventType?.name ?? message.type,
            severity: message.severity.rawValue, polarity: message.polarity.rawValue, parameters: message.parameters, at: message.at,
            activeNumber: message.activeNumber, simulated: message.simulated)
    }
}
