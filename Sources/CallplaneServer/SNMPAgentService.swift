import ControlPlane
import Foundation
import Domain
import EventLog
import EventMessages
import Logging
import SNMP
import ServiceLifecycle

/// Runs the embedded SNMP agent: started before the server says it is ready (a port that is
/// taken stops the start with an error naming `snmp.address`), fed from the projection while
/// it runs, stopped on shutdown. With `snmp.address off` it serves nothing but still runs, to
/// send the SNMP destinations' notifications.
struct SNMPAgentService: Service {
    let agent: EmbeddedSNMPAgent
    let projection: StateProjection
    let sealing: any SecretSealing
    let clock: any WallClock
    let statuses: @Sendable (SystemState, Int64) -> [DestinationDeliveryStatus]
    /// Terminals with a live registration, from the registrar (cpUsageTable's
    /// `registered_terminals`); 0 until the registrar hands its count over.
    var registeredTerminals: @Sendable () -> Int = { 0 }
    /// Calls open in the log (`simultaneous_calls`), from the call projection.
    var activeCalls: @Sendable () -> Int = { 0 }
    /// Channels in use (`sip_access_channels`, `voip_channels`), from the B2BUA.
    var channelsInUse: @Sendable () -> [CapacityLimit: Int] = { [:] }

    /// - Parameter systemID: the installation's system id, which the engine ID is made of; given
    ///   apart from `state` because a first start generates it just before.
    static func start(settings: ServerSettings, state: SystemState, systemID: String, sealing: any SecretSealing, logger: Logger) throws
        -> EmbeddedSNMPAgent
    {
        let role: EmbeddedSNMPAgent.Role
        if let socket = settings.snmpAgentXSocket {
            role = .subagent(socket: socket)
        } else if settings.snmpAddress == "off" {
            role = .notifier
        } else {
            role = .master(addresses: settings.snmpAddress)
        }
        let directory = (settings.dataDirectory as NSString).appendingPathComponent("snmp")
        let agent = try EmbeddedSNMPAgent(role: role, workDirectory: directory, engineIdentity: systemID, logger: logger)
        do {
            try agent.start(access: try SNMPAgentAccess(settings: state.snmpAgent, opening: sealing))
        } catch let error as EmbeddedSNMPAgent.StartError {
            throw ServerSettingsError(
                setting: settings.snmpAgentXSocket == nil ? ServerSettings.Key.snmpAddress : ServerSettings.Key.snmpAgentXSocket,
                rule: error.description)
        }
        return agent
    }

    func run() async throws {
        await cancelWhenGracefulShutdown {
            let registeredTerminals = registeredTerminals
            let activeCalls = activeCalls
            let channelsInUse = channelsInUse
            await agent.follow(
                projection: projection, sealing: sealing, clock: clock, statuses: statuses,
                liveUsage: { channelsInUse().merging([.registeredTerminals: registeredTerminals(), .simultaneousCalls: activeCalls()]) { $1 } })
        }
        agent.stop()
    }
}
