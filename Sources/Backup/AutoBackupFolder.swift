/// The auto backup's folders under `backup/` (manual §5.6.4.1).
public enum AutoBackupFolder: String, Sendable, CaseIterable {
    case day, week, month
}
