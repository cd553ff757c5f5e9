import ATAS
import Connectors
import SRMWire
import Domain
import EventLog
import EventMessages
import Foundation
import SNMP
import Telephony

extension SignalDestinationPlugins {
    /// The plug-ins this build has (docs/architecture.md, "Signal destination kinds as
    /// plug-ins"): syslog for the local destinations, the HTTPS webhook for the external one,
    /// traps and informs for the SNMP destinations, e-mail through the system's SMTP server, the
    /// alarm server logged on at the ATAS interface, the SRM server through the system's SRM
    /// connection. System phones need no settings: their messages go as SIP MESSAGE to the
    /// registered terminals of their message group (``SystemPhoneAdapter``). Neither do the
    /// event log nor the SRM destination, whose connection is set on its own (``SRMSettings``).
    static func standard(
        sealing: any SecretSealing, clock: any WallClock, snmpAgent: EmbeddedSNMPAgent, callCore: CallCore, atas: ATASInterface, srm: SRMAgent,
        configuration: @escaping @Sendable () -> SystemState, raise: @escaping @Sendable (EventMessageRequest) -> Void
    ) -> SignalDestinationPlugins {
        let hostname = ProcessInfo.processInfo.hostName
        let emailOutcomes = EmailOutcomeReport(
            raise: raise,
            activeFailure: { EmailOutcomeReport.activeFailure(of: EmailOutcomeReport.eventMessageClient, in: configuration().eventMessages) },
            now: { clock.now() })
        return SignalDestinationPlugins([
            SignalDestinationPlugin(SyslogSettings.self) { _, syslog in SyslogConnector(settings: syslog, hostname: hostname) },
            SignalDestinationPlugin(WebhookDraft.self) { _, webhook in
                WebhookConnector(settings: webhook, secret: try sealing.open(webhook.secret), clock: clock)
            },
            SignalDestinationPlugin(SNMPNotificationDraft.self) { destination, snmp in
                SNMPNotificationTarget(agent: snmpAgent, receiver: try SNMPNotificationReceiver(destination: destination.id, settings: snmp, opening: sealing))
            },
            SignalDestinationPlugin(ATASSettings.self) { _, _ in ATASDestinationAdapter(interface: atas) },
            SignalDestinationPlugin(EmailRecipient.self) { destination, recipient in
                EmailConnector(
                    destination: destination.id, recipient: recipient, server: { configuration().smtpServer }, sealing: sealing,
                    systemName: { configuration().identity.name }, outcomes: emailOutcomes)
            },
            SignalDestinationPlugin(settingless: [.systemPhone], adapterName: "sip_message") { destination in
                SystemPhoneAdapter(destination: destination, callCore: callCore) {
                    guard let group = destination.messageGroup else { return [] }
                    return configuration().messageGroupMembers(group).map(\.number)
                }
            },
            SignalDestinationPlugin(settingless: [.srm], adapterName: "srm") { _ in
                SRMDestinationAdapter(agent: srm) { SRMStatusReport(configuration().eventMessages) }
            },
        ])
    }
}
