import ArgumentParser
import CallplaneServer
import EventLog
import Foundation

/// Opens a data directory's log read-only for the offline commands, so they can run beside a
/// live server and can never change what they inspect.
enum OfflineLog {
    static func open(dataDirectory: String, integrityKey: LogIntegrityKey? = nil) throws -> EventLog {
        // Standard output is the command's answer; the log's own notices go to standard error,
        // and only when something is wrong.
        CommandLineLogging.bootstrap(level: .warning)
        let path = (dataDirectory as NSString).appendingPathComponent("callplane.sqlite")
        guard FileManager.default.fileExists(atPath: path) else {
            throw ValidationError("no Callplane database at \(path)")
        }
        return try EventLog.open(path: path, mode: .readOnly, integrityKey: integrityKey)
    }

    /// Walks a data directory's hash chain offline: `events verify` and `audit verify --data-dir`
    /// both end here, so the log and its audit trail are judged by one walk. Needs no server and
    /// no session, which is what makes it the check to run when the server itself is in doubt.
    ///
    /// With the data directory's key (`secret.key`, or `--secret-key-file`) it also holds the log
    /// to its witnesses — the verified mark, the witness file, each snapshot's binding — and
    /// judges every stored snapshot (issue 13, points 18 and 19); without the key it can only
    /// walk the chain, and says so.
    ///
    /// `given` are witnesses kept elsewhere — the `logWitness` of a batch the webhook receiver
    /// stored — each `callplane-witness v1 <position> <hash> <mac>`: the one kind of witness a
    /// person who cut the local log and its files could not reach.
    static func verify(dataDirectory: String, secretKeyFile: String?, given: [String] = []) async throws -> OfflineVerification {
        let remote = try given.enumerated().map { index, text in
            guard let witness = ChainWitness(text: text) else {
                throw ValidationError("witness \(index + 1) is not of the form 'callplane-witness v1 <position> <hash hex> <mac hex>': \(text)")
            }
            return ("given witness \(index + 1)", witness)
        }
        let keyPath = secretKeyFile ?? (dataDirectory as NSString).appendingPathComponent("secret.key")
        let key = try SecretKeyFile.loadExisting(at: keyPath).map(LogIntegrityKey.init(secret:))
        if key == nil, !remote.isEmpty {
            throw ValidationError("a given witness is checked with the key that made it: no key at \(keyPath) (--secret-key-file)")
        }
        let log = try open(dataDirectory: dataDirectory, integrityKey: key)
        let result: OfflineVerification
        do {
            if key != nil {
                var outside = Dictionary(uniqueKeysWithValues: remote)
                if let witness = WitnessFile(dataDirectory: dataDirectory).read() { outside["witness file"] = witness }
                result = .full(try log.checkIntegrity(outside: outside, fromVerifiedMark: false))
            } else {
                result = .chainOnly(try log.verify(), missingKey: keyPath)
            }
        } catch {
            await log.close()
            throw error
        }
        await log.close()
        return result
    }
}

extension ChainVerification {
    /// Prints the verdict — for a broken chain the first position that does not match and why —
    /// and ends with exit status 1 then, so a script or a monitoring check can act on the
    /// status alone.
    func report() throws {
        print(description)
        if case .broken = self { throw ExitCode(1) }
    }
}
