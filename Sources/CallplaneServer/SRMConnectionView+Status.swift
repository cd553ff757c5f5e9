import AdminModels
import Connectors
import EventLog

extension SRMConnectionView {
    init(_ status: SRMConnectionStatus) {
        self.init(
            state: status.state.rawValue, since: RFC3339Timestamp.string(microsecondsSinceEpoch: status.since), serverName: status.serverName,
            lastFailureCause: status.lastFailureCause?.rawValue, lastFailure: status.lastFailure)
    }
}
