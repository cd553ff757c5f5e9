import Domain
import EventMessages
import Synchronization

/// The test plug-in's adapter. No alarm server speaks this test's protocol, so the adapter
/// records what the delivery engine hands it instead of sending it anywhere (a stand-in by
/// necessity: what the test checks is the registration path, not a wire protocol).
final class RecordingAlarmServer: SignalDestinationAdapter {
    let settings: AlarmServerSettings
    let password: String
    private let received = Mutex<[EventMessageDelivery]>([])

    init(settings: AlarmServerSettings, password: String) {
        self.settings = settings
        self.password = password
    }

    var deliveries: [EventMessageDelivery] { received.withLock { $0 } }

    func deliver(_ batch: [EventMessageDelivery]) async throws(DeliveryFailure) {
        received.withLock { $0 += batch }
    }

    func close() async {}
}
