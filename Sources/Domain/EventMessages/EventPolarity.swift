/// Whether an event message reports a fault (negative), its end (positive), or neither
/// (manual §6.3.1.1: "with match" / "without match").
public enum EventPolarity: String, Sendable, Hashable, Codable, CaseIterable {
    case negative
    case positive
    /// "Without match": the message stays active until an administrator confirms it.
    case none
}
