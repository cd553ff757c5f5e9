import Domain
import EventMessages
import SRMWire

/// The SRM destination's adapter (manual §6.3.1.3, "SRM destination"): uploads each event
/// message through the system's SRM connection, with the status it leaves the system in, and
/// returns once the SRM server acknowledged every one, so the destination's cursor follows the
/// acknowledgements. With the connection down the destination is not reachable, and its
/// messages wait in the log until the agent is welcomed again.
public struct SRMDestinationAdapter: SignalDestinationAdapter {
    let agent: SRMAgent
    let report: @Sendable () -> SRMStatusReport

    /// - Parameter report: the system's status now, for the uploads.
    public init(agent: SRMAgent, report: @escaping @Sendable () -> SRMStatusReport) {
        self.agent = agent
        self.report = report
    }

    public func deliver(_ batch: [EventMessageDelivery]) async throws(DeliveryFailure) {
        try await agent.upload(batch.map { (sequence: $0.position, message: SRMEventMessage($0)) }, report: report())
    }

    public func close() async {}
}
