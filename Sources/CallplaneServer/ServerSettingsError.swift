/// A bootstrap setting that breaks its rule.
public struct ServerSettingsError: Error, CustomStringConvertible {
    public var setting: String
    public var rule: String
    public var description: String { "setting \(setting): \(rule)" }
}
