import Connectors
import Domain
import EventLog
import EventMessages
import Foundation

/// The adapters this build has: syslog for the local destinations and the HTTPS webhook for the
/// external one. Phones, e-mail, ATAS, SNMP and SRM get theirs in later issues; until then their
/// messages wait in the log.
enum SignalDestinationAdapters {
    static let kinds: Set<SignalDestinationKind> = [.local, .external]

    static func factory(sealing: any SecretSealing, clock: any WallClock) -> DeliveryEngine.AdapterFactory {
        let hostname = ProcessInfo.processInfo.hostName
        return { destination in
            switch destination.kind {
            case .local:
                guard let syslog = destination.syslog else { throw DeliveryFailure(.notDefined, "no syslog collector set") }
                return SyslogConnector(settings: syslog, hostname: hostname)
            case .external:
                guard let webhook = destination.webhook else { throw DeliveryFailure(.notDefined, "no webhook set") }
                return WebhookConnector(settings: webhook, secret: try sealing.open(webhook.secret), clock: clock)
            default:
                throw DeliveryFailure(.notDefined, "no adapter for \(destination.kind.rawValue) destinations in this build")
            }
        }
    }
}
