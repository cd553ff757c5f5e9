import Domain
import EventMessages

/// An e-mail signal destination (issue 17; manual §6.3.1.3, "E-mail signal destination"): each
/// batch the engine hands over is one e-mail to the destination's mailbox, sent through the
/// system's SMTP server.
///
/// It reports its own failures as the manual does, beside the engine's "External event message
/// destination not reachable": "Send e-mail failed" with Tab. 25's codes (cause and action
/// XXYY, e-mail client 4 "Event message") when a send fails and that failure is not already the
/// open one, and "E-mail successfully sent" (0000) when a send succeeds while one is open — once
/// for all e-mail destinations (``EmailOutcomeReport``).
/// Routing keeps both away from the e-mail destinations themselves, so a failing mail server
/// cannot start a loop of e-mails about e-mails.
///
/// A refusal that will not change by itself — a 5xx, credentials refused, an address the
/// server rejects — is ``DeliveryFailure/Cause/barred``: the round stops its attempts there,
/// and the batch waits for the next round (5 minutes, then 4 hours after an hour: the engine's
/// schedule), or for changed settings, rather than being dropped.
public struct EmailConnector: SignalDestinationAdapter {
    private let destination: String
    private let recipient: EmailRecipient
    private let server: @Sendable () -> SMTPServerSettings?
    private let sealing: any SecretSealing
    private let systemName: @Sendable () -> String
    private let client: SMTPClient
    private let timeoutSeconds: Int
    private let outcomes: EmailOutcomeReport

    /// - Parameters:
    ///   - server: the system's SMTP server as it is now, `nil` while none is set (each batch
    ///     then fails): asked at each batch, as the adapter is kept while the destination's own
    ///     settings stay the same.
    ///   - sealing: opens the server's password.
    ///   - systemName: the system's name, for the subject.
    ///   - outcomes: raises the e-mail outcome messages, shared by every e-mail destination.
    public init(
        destination: String, recipient: EmailRecipient, server: @escaping @Sendable () -> SMTPServerSettings?, sealing: any SecretSealing,
        systemName: @escaping @Sendable () -> String,
        client: SMTPClient = SMTPClient(), timeoutSeconds: Int = 30, outcomes: EmailOutcomeReport
    ) {
        self.destination = destination
        self.recipient = recipient
        self.server = server
        self.sealing = sealing
        self.systemName = systemName
        self.client = client
        self.timeoutSeconds = timeoutSeconds
        self.outcomes = outcomes
    }

    public func deliver(_ batch: [EventMessageDelivery]) async throws(DeliveryFailure) {
        guard !batch.isEmpty else { return }
        guard let server = server() else {
            // Tab. 25, 02 "SMTP server access data invalid": there are none.
            outcomes.failed(reason: 2, action: 0)
            throw DeliveryFailure(.notDefined, "no SMTP server is set (PUT /api/v1/email/smtp)")
        }
        let password: String?
        do {
            password = try server.password.map(sealing.open)
        } catch {
            outcomes.failed(reason: 2, action: 0)
            throw DeliveryFailure(.notDefined, "the SMTP server's password cannot be opened: \(error)")
        }
        let mail = EventMessageMail.compose(
            batch: batch, systemName: systemName(), sender: server.sender, recipient: recipient.address, destination: destination)
        do {
            try await client.send(mail, to: server, password: password, timeoutSeconds: timeoutSeconds)
        } catch {
            outcomes.failed(reason: error.reason, action: error.action)
            throw DeliveryFailure(error.isPermanent ? .barred : .notAvailable, "\(server.host):\(server.port): \(error.description)")
        }
        outcomes.succeeded()
    }

    public func close() async {}
}
