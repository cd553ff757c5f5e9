import Domain
import EventMessages
import Telephony

/// Delivers a system phone destination's event messages (manual §6.3.1.3): each one as a short
/// text in a SIP MESSAGE (RFC 3428) to every registered terminal of the destination's message
/// group (16 for system phone 1, 15 for system phone 2).
///
/// An event message counts as delivered once one terminal of the group answered 2xx: the manual
/// shows it on "the system phones", and one phone that has it is one person who can act. Members
/// none of whose terminals took it is a failure the engine retries and reports as an outage like
/// any other destination's. A group with no members is a destination nobody was assigned to (the
/// state of every new system): its messages are passed over, as the manual's system shows them
/// on no phone, and stay in the event log and every other destination.
struct SystemPhoneAdapter: SignalDestinationAdapter {
    let destination: SignalDestination
    let callCore: CallCore
    /// The user numbers of the destination's message group, read at each delivery so a change of
    /// the group applies to the next message.
    let members: @Sendable () -> [String]

    func deliver(_ batch: [EventMessageDelivery]) async throws(DeliveryFailure) {
        let group = destination.messageGroup.map(String.init) ?? "none"
        for delivery in batch {
            let users = members()
            guard !users.isEmpty else { continue }
            let outcome = await callCore.sendText(Self.text(of: delivery), toUsers: users)
            guard outcome.delivered > 0 else {
                let detail =
                    outcome.contacts == 0 ? "no terminal registered" : "no terminal took it (\(outcome.refusals.map(String.init).joined(separator: ", ")))"
                throw DeliveryFailure(.notAvailable, "message group \(group) of \(destination.id): \(detail)")
            }
        }
    }

    func close() async {}

    /// A system phone's display has a few short lines: the severity, the manual's name of the
    /// event, then its parameters as `key=value`, in key order so two equal messages read alike.
    static func text(of delivery: EventMessageDelivery) -> String {
        let message = delivery.message
        let name = delivery.eventType?.name ?? message.type
        var text = message.severity.rawValue.uppercased() + ": " + name
        if message.simulated { text += " (test)" }
        let parameters = message.parameters.sorted { $0.key < $1.key }.map { $0.key + "=" + $0.value }
        if !parameters.isEmpty { text += "\n" + parameters.joined(separator: ", ") }
        return text
    }
}
