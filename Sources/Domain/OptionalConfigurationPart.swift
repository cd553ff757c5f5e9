/// A part of ``SystemState`` kept only while something in it is set (architecture rule 5: a log
/// without its events folds to the state, hash and snapshot it had before the part existed).
protocol OptionalConfigurationPart {
    /// The part with nothing set.
    static var unset: Self { get }
    /// Nothing set: the state then holds no member for the part at all.
    var isEmpty: Bool { get }
}

extension TelephonyConfiguration: OptionalConfigurationPart {
    static var unset: Self { Self() }
}

extension TrunkConfiguration: OptionalConfigurationPart {
    static var unset: Self { Self() }
}
