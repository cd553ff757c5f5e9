/// The names of an archive's sealed entries besides the header and the manifest.
enum BackupEntryNames {
    /// The log as export records (``BackupLogFormat/records``, archives of the first builds).
    static let log = "log.sealed"
    /// The log as its database file (``BackupLogFormat/database``).
    static let database = "log-database.sealed"
    static let secretKey = "secret-key.sealed"
}
