import Connectors
import Domain
import EventLog
import EventMessages
import Foundation
import SNMP

extension SignalDestinationPlugins {
    /// The plug-ins this build has (docs/architecture.md, "Signal destination kinds as
    /// plug-ins"): syslog for the local destinations, the HTTPS webhook for the external one,
    /// traps and informs for the SNMP destinations, and the address kept for e-mail, ATAS and
    /// SRM until their plug-ins land (issues 17 and 19) — until then their messages wait in the
    /// log. System phones and the event log need no settings.
    static func standard(sealing: any SecretSealing, clock: any WallClock, snmpAgent: EmbeddedSNMPAgent) -> SignalDestinationPlugins {
        let hostname = ProcessInfo.processInfo.hostName
        return SignalDestinationPlugins([
            SignalDestinationPlugin(SyslogSettings.self) { _, syslog in SyslogConnector(settings: syslog, hostname: hostname) },
            SignalDestinationPlugin(WebhookDraft.self) { _, webhook in
                WebhookConnector(settings: webhook, secret: try sealing.open(webhook.secret), clock: clock)
            },
            SignalDestinationPlugin(SNMPNotificationDraft.self) { destination, snmp in
                SNMPNotificationTarget(agent: snmpAgent, receiver: try SNMPNotificationReceiver(destination: destination.id, settings: snmp, opening: sealing))
            },
            SignalDestinationPlugin(DestinationAddress.self, adapter: nil),
        ])
    }
}
