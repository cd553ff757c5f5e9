import Domain
import EventMessages

/// An e-mail signal destination (issue 17; manual §6.3.1.3, "E-mail signal destination"): each
/// batch the engine hands over is one e-mail to the destination's mailbox, sent through the
/// system's SMTP server.
///
/// It reports its own failures as the manual does, beside the engine's "External event message
/// destination not reachable": "Send e-mail failed" with Tab. 25's codes (cause and action
/// XXYY, e-mail client 4 "Event message") when a send fails and that failure is not already the
/// active one, and "E-mail successfully sent" (0000) when a send succeeds while it is active.
/// Routing keeps both away from the e-mail destinations themselves, so a failing mail server
/// cannot start a loop of e-mails about e-mails.
///
/// A refusal that will not change by itself — a 5xx, credentials refused, an address the
/// server rejects — is ``DeliveryFailure/Cause/barred``: the round stops its attempts there,
/// and the batch waits for the next round (5 minutes, then 4 hours after an hour: the engine's
/// schedule), or for changed settings, rather than being dropped.
public struct EmailConnector: SignalDestinationAdapter {
    /// The e-mail client code of Tab. 25 for event messages.
    public static let eventMessageClient = "4"

    private let destination: String
    private let recipient: EmailRecipient
    private let server: @Sendable () -> SMTPServerSettings?
    private let sealing: any SecretSealing
    private let systemName: @Sendable () -> String
    private let client: SMTPClient
    private let timeoutSeconds: Int
    private let raise: @Sendable (EventMessageRequest) -> Void
    private let activeFailure: @Sendable () -> String?
    private let now: @Sendable () -> Int64

    /// - Parameters:
    ///   - server: the system's SMTP server as it is now, `nil` while none is set (each batch
    ///     then fails): asked at each batch, as the adapter is kept while the destination's own
    ///     settings stay the same.
    ///   - sealing: opens the server's password.
    ///   - systemName: the system's name, for the subject.
    ///   - raise: raises an event message through the command pipeline.
    ///   - activeFailure: the cause and action (XXYY) of the active "Send e-mail failed" of
    ///     e-mail client 4, `nil` when none is active.
    public init(
        destination: String, recipient: EmailRecipient, server: @escaping @Sendable () -> SMTPServerSettings?, sealing: any SecretSealing,
        systemName: @escaping @Sendable () -> String,
        client: SMTPClient = SMTPClient(), timeoutSeconds: Int = 30, raise: @escaping @Sendable (EventMessageRequest) -> Void,
        activeFailure: @escaping @Sendable () -> String?, now: @escaping @Sendable () -> Int64
    ) {
        self.destination = destination
        self.recipient = recipient
        self.server = server
        self.sealing = sealing
        self.systemName = systemName
        self.client = client
        self.timeoutSeconds = timeoutSeconds
        self.raise = raise
        self.activeFailure = activeFailure
        self.now = now
    }

    public func deliver(_ batch: [EventMessageDelivery]) async throws(DeliveryFailure) {
        guard !batch.isEmpty else { return }
        guard let server = server() else {
            // Tab. 25, 02 "SMTP server access data invalid": there are none.
            report(reason: 2, action: 0)
            throw DeliveryFailure(.notDefined, "no SMTP server is set (PUT /api/v1/email/smtp)")
        }
        let password: String?
        do {
            password = try server.password.map(sealing.open)
        } catch {
            report(reason: 2, action: 0)
            throw DeliveryFailure(.notDefined, "the SMTP server's password cannot be opened: \(error)")
        }
        let mail = EventMessageMail.compose(
            batch: batch, systemName: systemName(), sender: server.sender, recipient: recipient.address, destination: destination)
        do {
            try await client.send(mail, to: server, password: password, timeoutSeconds: timeoutSeconds)
        } catch {
            report(reason: error.reason, action: error.action)
            throw DeliveryFailure(error.isPermanent ? .barred : .notAvailable, "\(server.host):\(server.port): \(error.description)")
        }
        if activeFailure() != nil {
            raise(Self.outcome(EventCatalogue.Key.emailSuccessfullySent, causeAction: "0000", at: now()))
        }
    }

    public func close() async {}

    private func report(reason: Int, action: Int) {
        let code = Self.causeAction(reason: reason, action: action)
        guard activeFailure() != code else { return }
        raise(Self.outcome(EventCatalogue.Key.sendEmailFailed, causeAction: code, at: now()))
    }

    /// Parameter 1 of Tab. 25: reason XX and action YY as four digits.
    static func causeAction(reason: Int, action: Int) -> String {
        let digits = String(reason * 100 + action)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    static func outcome(_ type: String, causeAction: String, at: Int64) -> EventMessageRequest {
        EventMessageRequest(type: type, parameters: ["causeAction": causeAction, "emailClient": eventMessageClient, "additionalInfo": ""], at: at)
    }
}
