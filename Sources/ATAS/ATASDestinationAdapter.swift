import Domain
import EventMessages

/// The ATAS destination's adapter (manual §6.3.1.3, "Destination alarm server (ATAS)"): hands
/// each batch to the alarm server logged on at the interface and returns once it has
/// acknowledged every message, so the destination's cursor follows the acknowledgements
/// (docs/atas.md). With no alarm server logged on the destination is not reachable, and its
/// messages wait in the log.
public struct ATASDestinationAdapter: SignalDestinationAdapter {
    let interface: ATASInterface

    public init(interface: ATASInterface) {
        self.interface = interface
    }

    public func deliver(_ batch: [EventMessageDelivery]) async throws(DeliveryFailure) {
        try await interface.deliver(batch)
    }

    public func close() async {}
}
