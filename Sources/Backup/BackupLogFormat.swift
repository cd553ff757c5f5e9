/// How an archive carries the log (issue 18, point 1).
///
/// The first builds wrote ``records``: every event as an export record, which a restore inserted
/// row by row and then indexed — two thirds of a restore's time. Archives are now written as
/// ``database``, the log's database file copied page for page (``EventLogDatabaseCopy``), which a
/// restore puts in place as it is and checks by walking its chain. Both restore: an archive is
/// kept for months and must outlive the build that wrote it.
public enum BackupLogFormat: String, Codable, Sendable {
    case records
    case database
}
