import Domain
import EventMessages

/// The adapter of an SNMP destination (manual §6.3.1.3, *SNMP destination*): each event message
/// of a batch becomes one notification, sent in order through the embedded agent's net-snmp.
/// A trap counts as delivered once sent; an inform once the receiver answered it, so an inform
/// that times out fails the batch and the engine's retry and reachability rules take over.
public struct SNMPNotificationTarget: SignalDestinationAdapter {
    let agent: EmbeddedSNMPAgent
    let receiver: SNMPNotificationReceiver

    public init(agent: EmbeddedSNMPAgent, receiver: SNMPNotificationReceiver) {
        self.agent = agent
        self.receiver = receiver
    }

    public func deliver(_ batch: [EventMessageDelivery]) async throws(DeliveryFailure) {
        for delivery in batch {
            try await agent.send(SNMPNotification(delivery), to: receiver)
        }
    }

    public func close() async {
        agent.closeSession(of: receiver)
    }
}
