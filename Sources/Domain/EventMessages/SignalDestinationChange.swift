/// Changes to a signal destination; `nil` leaves a setting as it is, `.some(nil)` clears it.
///
/// `settings` is the draft of whichever plug-in's settings the administrator entered (secrets
/// in plaintext); `decide` checks it against the destination's kind and seals it.
public struct SignalDestinationChange: Sendable, Hashable {
    public var enabled: Bool?
    public var table: Int?
    public var settings: (any DestinationSettingsDraft)??

    public init(enabled: Bool? = nil, table: Int? = nil, settings: (any DestinationSettingsDraft)?? = nil) {
        self.enabled = enabled
        self.table = table
        self.settings = settings
    }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        guard lhs.enabled == rhs.enabled, lhs.table == rhs.table else { return false }
        switch (lhs.settings, rhs.settings) {
        case (nil, nil), (.some(nil), .some(nil)): return true
        case (.some(let a?), .some(let b?)): return AnyHashable(a) == AnyHashable(b)
        default: return false
        }
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(enabled)
        hasher.combine(table)
        switch settings {
        case nil: hasher.combine(0)
        case .some(nil): hasher.combine(1)
        case .some(let draft?): hasher.combine(AnyHashable(draft))
        }
    }
}
