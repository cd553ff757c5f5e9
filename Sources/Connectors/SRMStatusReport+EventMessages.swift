import Domain
import SRMWire

extension SRMStatusReport {
    /// The status the SRM server shows for the system (manual §6.3.1.3): the highest severity
    /// among the active messages, and the serious and critical ones behind it — "event messages
    /// which are not Serious or Critical are not sent to the SRM server". Not reported while the
    /// SRM destination is switched off.
    public init(_ state: EventMessageState) {
        guard let destination = state.destinations["srm"], destination.enabled, state.isKindOn(.srm) else {
            self = .notReported
            return
        }
        let active = state.activeMessages.filter { $0.severity >= .serious }
        let status: SRMStatus =
            switch SystemStatus(active: active) {
            case .normal: .normal
            case .serious: .serious
            case .critical: .critical
            }
        self.init(
            status: status,
            active: active.map {
                SRMActiveMessage(
                    number: $0.number, type: $0.type, code: $0.code, name: EventCatalogue.type(key: $0.type)?.name ?? $0.type, severity: $0.severity.rawValue,
                    parameters: $0.parameters, firstAt: $0.firstAt, lastAt: $0.lastAt, count: $0.count)
            })
    }
}
