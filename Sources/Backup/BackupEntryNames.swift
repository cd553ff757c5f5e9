/// The names of an archive's sealed entries besides the header and the manifest.
enum BackupEntryNames {
    static let log = "log.sealed"
    static let secretKey = "secret-key.sealed"
}
