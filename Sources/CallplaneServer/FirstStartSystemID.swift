import ControlPlane
import Domain
import Logging

/// Gives an installation its system id at its first start (issue 13, point 9): the SNMPv3
/// engine ID is derived from it, and RFC 3411 §3.1.1.1 wants an engine ID unique within the
/// administrative domain — one fixed text for every install made all of them the same engine.
///
/// The id is an event in the log like any identity change, so a backup (the log) keeps it and
/// a restore brings it back; only a new installation (an empty log) gets a new one.
enum FirstStartSystemID {
    /// `CP-` and 24 hex digits (96 random bits), within the 32 characters a system id may have.
    static func generate() -> String {
        var random = SystemRandomNumberGenerator()
        let digits = (0..<3).map { _ in
            let hex = String(random.next() as UInt32, radix: 16)
            return String(repeating: "0", count: 8 - hex.count) + hex
        }
        return "CP-" + digits.joined()
    }

    /// The system id in force, generated and recorded first when there is none yet.
    static func ensure(state: SystemState, pipeline: CommandPipeline, logger: Logger) async throws -> String {
        guard state.identity.systemID.isEmpty else { return state.identity.systemID }
        var identity = state.identity
        identity.systemID = generate()
        _ = try await pipeline.execute(.setSystemIdentity(identity), origin: CommandOrigin(actor: "system", source: "first-start"))
        logger.notice("generated the system id", metadata: ["systemId": "\(identity.systemID)"])
        return identity.systemID
    }
}
