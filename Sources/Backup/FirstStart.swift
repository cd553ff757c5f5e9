import Domain
import EventLog
import Foundation

/// A first start (manual §5.6.3.2): "resetting the communication server from scratch", the
/// configuration back to its defaults, while "the system ID, system type, sales channel, licence
/// file, software generation and IP address of the system are preserved". Here that is the
/// system id, sales channel and country of the identity, the TLS certificate the phones and
/// browsers know the server by, the secret key, the server's settings file, and the backups in
/// `backup/` (the manual asks for one before a first start). Everything else — users, terminals,
/// accounts (the admin's password back to the default, to be changed at the first login), event
/// tables and destinations — starts over.
///
/// Nothing is destroyed: the new log is built beside the live one and swapped in at the next
/// start by the same journal as a restore, the previous log kept as a dated `.pre-first-start-…`
/// copy, so a first start by mistake is undone by restoring a backup, or that copy by hand.
public enum FirstStart {
    public static let recordType = "system.firststart"
    public static let recordStream = "firststart"

    /// Builds the new log for the data directory and writes its swap journal; the caller restarts
    /// the server, whose start swaps it in. Returns the dated copies the swap will make.
    public static func stage(
        dataDirectory: String, secretKeyPath: String, preserving state: SystemState, requestedBy actor: String, source: String, now: Date
    ) async throws -> [String] {
        guard !DataDirectoryRestore.isPending(dataDirectory: dataDirectory) else { throw BackupError.restorePending }
        let logPath = (dataDirectory as NSString).appendingPathComponent(DataDirectoryRestore.logName)
        let replacement = logPath + DataDirectoryRestore.restoringSuffix
        DataDirectoryRestore.removeHalfBuilt(replacement)
        guard let keyFile = FileManager.default.contents(atPath: secretKeyPath), let secret = DataDirectoryRestore.key(fromKeyFile: Array(keyFile))
        else { throw BackupError.keyMissing("the server's secret key at \(secretKeyPath) cannot be read") }
        let kept = state.identity
        var events = [
            DomainEvent.systemIdentitySet(SystemIdentity(systemID: kept.systemID, salesChannel: kept.salesChannel, country: kept.country))
                .proposed(actor: "system", source: "first-start")
        ]
        if let certificate = state.tls.certificate {
            events.append(DomainEvent.tlsCertificateInstalled(certificate).proposed(actor: "system", source: "first-start"))
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let record = ["systemId": kept.systemID, "requestedAt": DataDirectoryRestore.stamp(now)]
        events.append(
            ProposedEvent(
                stream: recordStream, type: recordType, actor: actor, source: source,
                payload: String(decoding: try encoder.encode(record), as: UTF8.self)))
        do {
            let log = try EventLog.open(path: replacement, integrityKey: LogIntegrityKey(secret: secret))
            do {
                _ = try await log.append(AppendRequest(events: events))
                await log.close()
            } catch {
                await log.close()
                throw error
            }
            try DataDirectoryRestore.sealClosedLog(replacement)
            return try DataDirectoryRestore.journalSwap(
                dataDirectory: dataDirectory, logPath: logPath, replacement: replacement, label: "pre-first-start",
                stamp: DataDirectoryRestore.stamp(now), newKey: nil)
        } catch {
            DataDirectoryRestore.removeHalfBuilt(replacement)
            throw error
        }
    }
}
