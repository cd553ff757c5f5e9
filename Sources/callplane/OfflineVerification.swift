import ArgumentParser
import EventLog

/// What an offline `verify` could judge: everything, with the data directory's key, or only the
/// chain without it.
enum OfflineVerification {
    case full(IntegrityReport)
    case chainOnly(ChainVerification, missingKey: String)

    /// Prints the chain's verdict, then a cut tail (`truncated: head N, witness M`), each
    /// contradicted witness and each snapshot's binding (issue 13, points 18 and 19); exit
    /// status 1 when anything shows tampering, so a script can act on the status alone.
    func report() throws {
        switch self {
        case let .full(report):
            print(report.description)
            if !report.isClean { throw ExitCode(1) }
        case let .chainOnly(chain, missingKey):
            print(chain.description)
            print("no key at \(missingKey): snapshots and witnesses were not checked (give --secret-key-file)")
            try chain.report()
        }
    }
}
