/// An auto-backup setting out of its range, naming the setting and the rule.
public struct AutoBackupSettingsError: Error, Sendable, Equatable, CustomStringConvertible {
    public var setting: String
    public var rule: String

    public var description: String { "auto backup \(setting): \(rule)" }
}
