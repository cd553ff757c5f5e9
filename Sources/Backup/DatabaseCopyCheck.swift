import Domain
import EventLog

/// Walks a log's database copy (``EventLogDatabaseCopy``) and recomputes the state at its head:
/// the chain is checked on the calling thread while ``ReplayPipeline`` folds the events on the
/// second core, as a restore of the first archive format did with its import. A backup runs it on
/// the copy it is about to seal, a restore on the copy it unsealed, so both derive the manifest's
/// head hash and state hash by the same walk.
enum DatabaseCopyCheck {
    struct Outcome {
        var headHash: String
        var state: SystemState
    }

    /// `progress` is called with (events walked, head).
    static func run(at path: String, through head: Int64, progress: ((Int64, Int64) -> Void)?) throws -> Outcome {
        let replay = ReplayPipeline()
        do {
            var batch = ReplayBatch()
            var walked: Int64 = 0
            let stride = max(head / 100, 1_000)
            let headHash: String
            do {
                (_, headHash) = try EventLogDatabaseCopy.walk(at: path, through: head) { row in
                    batch.append(row)
                    if batch.isFull {
                        try replay.submit(batch)
                        batch = ReplayBatch()
                    }
                    walked += 1
                    if walked % stride == 0 { progress?(walked, head) }
                }
            } catch let error as BackupError {
                throw error
            } catch {
                throw BackupError.verificationFailed("log: \(error)")
            }
            if !batch.isEmpty { try replay.submit(batch) }
            let state = try replay.finish()
            progress?(walked, head)
            return Outcome(headHash: headHash, state: state)
        } catch {
            replay.abandon()
            throw error
        }
    }
}
