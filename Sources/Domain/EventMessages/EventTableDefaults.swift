/// The event tables after a first start (manual §6.3.1.2 leaves their contents to the system;
/// these are our choices, listed in the README):
///
/// | table | used by (default) | forwards every occurrence of |
/// |---|---|---|
/// | 1 | system phone 1 | critical types |
/// | 2 | external destination | serious and critical types |
/// | 3 | local + SNMP | all types |
/// | 4 | event log | all types ("entered in the event log once they arrive", §6.3.1.3) |
/// | 5 | e-mail | serious and critical types |
/// | 6 | alarm server (ATAS) | serious and critical types |
/// | 7 | SRM | serious and critical types (§6.3.1.3: others are not sent to SRM) |
/// | 8 | system phone 2 (front desk) | critical types and the wake-up call pair |
///
/// A type's severity class is its highest possible severity, so both halves of a pair (which
/// share their severity) always land in the same tables and a cleared fault is reported where
/// the fault was.
public enum EventTableDefaults {
    /// The SRM destination's table; it holds no row for a normal type (``SystemState`` refuses one).
    public static let srmTable = 7

    public static func filter(table: Int, type: EventType) -> EventTableFilter {
        let severity = type.severity.highest
        switch table {
        case 1:
            return severity == .critical ? .every : .none
        case 3, 4:
            return .every
        case 2, 5, 6, 7:
            return severity >= .serious ? .every : .none
        case 8:
            return severity == .critical || frontDeskTypes.contains(type.key) ? .every : .none
        default:
            return .none
        }
    }

    /// Hospitality messages a front desk needs to see (table 8 is "preconfigured for front desk
    /// terminals in hospitality environments", §6.3.1.3).
    static let frontDeskTypes: Set<String> = ["wake_up_call_failed", "wake_up_order_confirmed"]
}
