import ATAS
import AdminModels
import EventLog

extension ATASStatusView {
    init(_ status: ATASStatus) {
        self.init(
            listening: status.listening, link: status.link,
            alarmServer: status.alarmServer.map {
                AlarmServer(
                    account: $0.account, address: $0.address, since: RFC3339Timestamp.string(microsecondsSinceEpoch: $0.since),
                    cycleSeconds: $0.cycleSeconds, lastCycle: RFC3339Timestamp.string(microsecondsSinceEpoch: $0.lastCycle), inFlight: $0.inFlight)
            }, lastAcknowledged: status.lastAcknowledged)
    }
}
