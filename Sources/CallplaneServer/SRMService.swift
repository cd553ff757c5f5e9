import Connectors
import ControlPlane
import Domain
import SNMP
import SRMWire
import ServiceLifecycle

/// Runs the SRM agent (manual §5.2) while the server runs, and tells it the system's status
/// whenever that changes — a confirmation in WebAdmin or the destination switched on or off
/// changes it without any message going up (§6.3.1.3). The status is compared after each
/// published position, read every ``statusPoll``; it is a few active messages, not a scan.
struct SRMService: Service {
    let agent: SRMAgent
    let projection: StateProjection
    static let statusPoll: Duration = .milliseconds(250)

    /// The agent's settings from the configuration: the secret opened with the system's key.
    /// A secret that does not open (a key file replaced) leaves the agent off.
    static func configuration(of state: SystemState, sealing: any SecretSealing) -> SRMAgentConfiguration? {
        guard let srm = state.srm, srm.enabled, let secret = try? sealing.open(srm.secret) else { return nil }
        return SRMAgentConfiguration(
            host: srm.host, port: srm.port, secret: secret, trustedCertificate: srm.trustedCertificate, systemID: state.identity.systemID,
            systemName: state.identity.name, softwareVersion: EmbeddedSNMPAgent.softwareVersion)
    }

    func run() async throws {
        await cancelWhenGracefulShutdown {
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await agent.run() }
                group.addTask { await followStatus() }
                await group.waitForAll()
            }
        }
    }

    private func followStatus() async {
        var seen: Int64 = -1
        while !Task.isCancelled {
            let (state, position) = projection.current
            if position != seen {
                seen = position
                await agent.report(SRMStatusReport(state.eventMessages))
            }
            try? await Task.sleep(for: Self.statusPoll)
        }
    }
}
