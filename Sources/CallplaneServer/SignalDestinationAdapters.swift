import Connectors
import Domain
import EventLog
import EventMessages
import Foundation
import SNMP

/// The adapters this build has: syslog for the local destinations, the HTTPS webhook for the
/// external one, traps and informs for the SNMP destinations. Phones, e-mail, ATAS and SRM get
/// theirs in later issues; until then their messages wait in the log.
enum SignalDestinationAdapters {
    static let kinds: Set<SignalDestinationKind> = [.local, .external, .snmp]

    static func factory(sealing: any SecretSealing, clock: any WallClock, snmpAgent: EmbeddedSNMPAgent) -> DeliveryEngine.AdapterFactory {
        let hostname = ProcessInfo.processInfo.hostName
        return { destination in
            switch destination.kind {
            case .local:
                guard let syslog = destination.syslog else { throw DeliveryFailure(.notDefined, "no syslog collector set") }
                return SyslogConnector(settings: syslog, hostname: hostname)
            case .external:
                guard let webhook = destination.webhook else { throw DeliveryFailure(.notDefined, "no webhook set") }
                return WebhookConnector(settings: webhook, secret: try sealing.open(webhook.secret), clock: clock)
            case .snmp:
                guard let snmp = destination.snmp else { throw DeliveryFailure(.notDefined, "no SNMP receiver set") }
                return SNMPNotificationTarget(
                    agent: snmpAgent, receiver: try SNMPNotificationReceiver(destination: destination.id, settings: snmp, opening: sealing))
            default:
                throw DeliveryFailure(.notDefined, "no adapter for \(destination.kind.rawValue) destinations in this build")
            }
        }
    }
}
