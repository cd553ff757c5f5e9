import Domain
import Synchronization

/// "Send e-mail failed" and "E-mail successfully sent" (manual Tab. 24/25) of one e-mail client
/// (parameter 2: event messages, auto backup …): for every e-mail destination together, as they
/// send through one SMTP server, which fails them all alike, so a failure is raised once — not
/// once per mailbox, nor once per attempt of a round — and its recovery once.
///
/// What was last raised is kept here, because raising goes through the command pipeline without
/// waiting and the state would answer "not active yet" to the next attempt 100 ms later. It
/// starts from what the log says is active (a restart keeps the open failure open).
public final class EmailOutcomeReport: Sendable {
    /// The e-mail client codes of Tab. 25 for event messages and for the auto backup.
    public static let eventMessageClient = "4"
    public static let autoBackupClient = "2"

    /// The e-mail client (Tab. 25, parameter 2) this report speaks for.
    public let client: String
    private let raise: @Sendable (EventMessageRequest) -> Void
    private let activeFailure: @Sendable () -> String?
    private let now: @Sendable () -> Int64
    /// The cause and action last raised: `.none` until read from the state, `.some(nil)` when no
    /// failure is open.
    private let reported = Mutex<String??>(.none)

    /// - Parameters:
    ///   - raise: raises an event message through the command pipeline.
    ///   - client: the e-mail client code of Tab. 25.
    ///   - activeFailure: the cause and action (XXYY) of the active "Send e-mail failed" of
    ///     `client`, `nil` when none is active.
    public init(
        client: String = EmailOutcomeReport.eventMessageClient, raise: @escaping @Sendable (EventMessageRequest) -> Void,
        activeFailure: @escaping @Sendable () -> String?, now: @escaping @Sendable () -> Int64
    ) {
        self.client = client
        self.raise = raise
        self.activeFailure = activeFailure
        self.now = now
    }

    /// A send failed with Tab. 25's reason XX during action YY.
    public func failed(reason: Int, action: Int) {
        let code = Self.causeAction(reason: reason, action: action)
        let isNew = reported.withLock { reported in
            let open = reported ?? activeFailure()
            reported = .some(code)
            return open != code
        }
        if isNew { raise(Self.outcome(EventCatalogue.Key.sendEmailFailed, causeAction: code, client: client, at: now())) }
    }

    /// A send succeeded: the open failure, if any, is over.
    public func succeeded() {
        let wasOpen = reported.withLock { reported in
            let open = reported ?? activeFailure()
            reported = .some(nil)
            return open != nil
        }
        if wasOpen { raise(Self.outcome(EventCatalogue.Key.emailSuccessfullySent, causeAction: "0000", client: client, at: now())) }
    }

    /// The cause and action (XXYY) of the active "Send e-mail failed" of `client`, if any.
    public static func activeFailure(of client: String, in state: EventMessageState) -> String? {
        state.activeMessages.first { $0.type == EventCatalogue.Key.sendEmailFailed && $0.parameters["emailClient"] == client }?.parameters["causeAction"]
    }

    /// Parameter 1 of Tab. 25: reason XX and action YY as four digits.
    static func causeAction(reason: Int, action: Int) -> String {
        let digits = String(reason * 100 + action)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    static func outcome(_ type: String, causeAction: String, client: String, at: Int64) -> EventMessageRequest {
        EventMessageRequest(type: type, parameters: ["causeAction": causeAction, "emailClient": client, "additionalInfo": ""], at: at)
    }
}
