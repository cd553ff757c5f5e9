import Domain
import EventMessages
import Foundation
import Logging
import NIOCore
import NIOSSL
import SRMWire
import WSClient

/// The SRM agent of manual §5.2 ("Accessing the communication server from outside"): the one
/// connection from this system out to the installer's SRM server, kept up while the SRM settings
/// ask for it — a WebSocket over TLS to `wss://host:port/agent` (docs/srm.md). The system always
/// dials out, so the customer's router needs no port opened and no VPN.
///
/// The system proves itself with its id and the secret the SRM server issued; a refused hello is
/// cause 2 of "Connection to IP remote management (SRM) failed", no connection at all cause 1,
/// an upload refused cause 3 (Tab. 24, ``SRMConnectionReport``). A failed attempt is tried
/// again after 1, 2, 4, 8, 16, then every 30 s; a connection that drops after being welcomed is
/// tried again at once, and only a failure of that attempt is reported — a reconnection that
/// works is no outage.
///
/// The SRM destination (``SRMDestinationAdapter``) uploads its event messages through
/// ``upload(_:report:)``, which returns once the SRM server acknowledged each; the status goes up
/// with each message and whenever it changes otherwise (``report(_:)``).
public actor SRMAgent {
    /// The settings, read again every ``settingsPoll``; `nil` while off.
    private let configuration: @Sendable () -> SRMAgentConfiguration?
    private let outcomes: SRMConnectionReport
    private let now: @Sendable () -> Int64
    private let logger: Logger
    private let backoff: [Duration]
    private let maintenance: (any SRMRemoteMaintenance)?
    /// The remote maintenance sessions this connection accepted, by id.
    private var sessions: [String: SRMMaintenanceSession] = [:]

    private var connectionStatus: SRMConnectionStatus
    /// The writer of the welcomed connection, `nil` otherwise.
    private var outbound: WebSocketOutboundWriter?
    /// How the current attempt ended, set by the frames it received.
    private var refusal: SRMRefusal?
    private var welcomed = false
    private var acknowledgements = SRMAcknowledgements()
    private var latestReport = SRMStatusReport.notReported
    private var sentReport: SRMStatusReport?
    private var connectedActions: [@Sendable () -> Void] = []

    public static let standardBackoff: [Duration] = [.seconds(1), .seconds(2), .seconds(4), .seconds(8), .seconds(16), .seconds(30)]
    static let settingsPoll: Duration = .milliseconds(500)
    /// How long the SRM server has to answer the hello, and to acknowledge an upload.
    static let answerTimeout: Duration = .seconds(10)
    /// A ping this often; a pong missing by the next one ends the connection, so a server that
    /// vanished without closing (a cable pulled) is noticed within a minute.
    static let pingPeriod: Duration = .seconds(20)

    public init(
        configuration: @escaping @Sendable () -> SRMAgentConfiguration?, outcomes: SRMConnectionReport, now: @escaping @Sendable () -> Int64,
        logger: Logger, backoff: [Duration] = SRMAgent.standardBackoff, maintenance: (any SRMRemoteMaintenance)? = nil
    ) {
        self.maintenance = maintenance
        self.configuration = configuration
        self.outcomes = outcomes
        self.now = now
        self.logger = logger
        self.backoff = backoff.isEmpty ? Self.standardBackoff : backoff
        connectionStatus = SRMConnectionStatus(state: .off, since: now())
    }

    public var status: SRMConnectionStatus { connectionStatus }

    /// Runs `action` after every welcome: the delivery engine then tries the SRM destination at
    /// once instead of at its next retry.
    public func whenConnected(_ action: @escaping @Sendable () -> Void) {
        connectedActions.append(action)
    }

    /// Keeps the connection as the settings ask, until cancelled.
    public func run() async {
        var failures = 0
        while !Task.isCancelled {
            guard let current = configuration() else {
                setState(.off)
                failures = 0
                try? await Task.sleep(for: Self.settingsPoll)
                continue
            }
            setState(.connecting)
            switch await attempt(current) {
            case .failed(let cause, let reason):
                failures += 1
                logger.warning("SRM connection failed", metadata: ["cause": "\(cause.rawValue)", "reason": "\(reason)"])
                outcomes.failed(cause)
                connectionStatus = SRMConnectionStatus(state: .failed, since: now(), lastFailureCause: cause, lastFailure: reason)
                await waitOrSettingsChange(backoff[min(failures - 1, backoff.count - 1)], from: current)
            case .closed(let reason):
                failures = 0
                logger.notice("SRM connection closed; connecting again", metadata: ["reason": "\(reason)"])
            case .settingsChanged:
                failures = 0
            }
        }
        setState(.off)
    }

    /// Hands the event messages to the SRM server, in order, and returns once it acknowledged
    /// each; `report` is the status they leave the system in.
    public func upload(_ messages: [(sequence: Int64, message: SRMEventMessage)], report: SRMStatusReport) async throws(DeliveryFailure) {
        guard let outbound else { throw DeliveryFailure(.notAvailable, unavailableReason) }
        latestReport = report
        for (sequence, _) in messages { acknowledgements.expect(sequence) }
        do {
            for (sequence, message) in messages {
                try await outbound.write(.text(SRMFrameCoding.encode(SRMAgentFrame.eventMessage(sequence: sequence, message: message, report: report))))
            }
        } catch {
            for (sequence, _) in messages { acknowledgements.settle(sequence, .failure(DeliveryFailure(.notAvailable, "the SRM connection failed: \(error)"))) }
        }
        sentReport = report
        for (sequence, _) in messages {
            let timeout = Task { [weak self] in
                try await Task.sleep(for: Self.answerTimeout)
                await self?.settle(sequence, .failure(DeliveryFailure(.notAvailable, "the SRM server did not acknowledge message \(sequence) within 10 s")))
            }
            defer { timeout.cancel() }
            let result = await withCheckedContinuation { continuation in acknowledgements.wait(sequence, continuation) }
            if case .failure(let failure) = result { throw failure }
        }
    }

    /// The system's status now; sent at once while connected and it differs from the last one
    /// sent, and after every welcome.
    public func report(_ status: SRMStatusReport) async {
        latestReport = status
        guard let outbound, status != sentReport else { return }
        sentReport = status
        try? await outbound.write(.text(SRMFrameCoding.encode(SRMAgentFrame.status(status))))
    }

    // MARK: - One connection

    enum AttemptOutcome {
        case failed(SRMConnectionCause, String)
        /// Welcomed, then closed: try again at once.
        case closed(String)
        case settingsChanged
    }

    private func attempt(_ current: SRMAgentConfiguration) async -> AttemptOutcome {
        refusal = nil
        welcomed = false
        let tls: TLSConfiguration
        do {
            tls = try Self.tlsConfiguration(trusting: current.trustedCertificate)
        } catch {
            return .failed(.connectionAttemptFailed, "the trusted certificate does not load: \(error)")
        }
        let settingsChanged = SettingsChangeFlag()
        var closure = "the SRM server closed the connection"
        do {
            let hello = SRMAgentFrame.hello(
                SRMHello(systemID: current.systemID, secret: current.secret, systemName: current.systemName, softwareVersion: current.softwareVersion))
            let frame = try await WebSocketClient.connect(
                url: current.url,
                configuration: WebSocketClientConfiguration(
                    maxFrameSize: SRMFrameCoding.maximumBytes, closeTimeout: .seconds(5), autoPing: .enabled(timePeriod: Self.pingPeriod)),
                tlsConfiguration: tls, logger: logger
            ) { inbound, outbound, _ in
                try await outbound.write(.text(SRMFrameCoding.encode(hello)))
                let watch = Task { await self.watch(outbound, current: current, settingsChanged: settingsChanged) }
                defer { watch.cancel() }
                for try await message in inbound.messages(maxSize: SRMFrameCoding.maximumBytes) {
                    guard case .text(let text) = message, let frame = try? SRMFrameCoding.decode(SRMServerFrame.self, from: text) else {
                        try await outbound.close(.protocolError, reason: "not a frame of docs/srm.md")
                        break
                    }
                    guard await self.receive(frame, outbound: outbound) else {
                        try await outbound.close(.normalClosure, reason: nil)
                        break
                    }
                }
            }
            if let reason = frame?.reason, !reason.isEmpty { closure += ": \(reason)" }
        } catch {
            closure = "\(error)"
        }
        let wasWelcomed = welcomed
        await disconnected(closure)
        if let refusal { return .failed(.authenticationFailed, "the SRM server refused the system: \(refusal.detail)") }
        if settingsChanged.isSet { return .settingsChanged }
        return wasWelcomed ? .closed(closure) : .failed(.connectionAttemptFailed, closure)
    }

    /// Takes one frame of the SRM server; `false` ends the connection.
    private func receive(_ frame: SRMServerFrame, outbound: WebSocketOutboundWriter) async -> Bool {
        switch frame {
        case .welcome(let serverName):
            guard !welcomed else { return true }
            welcomed = true
            self.outbound = outbound
            connectionStatus = SRMConnectionStatus(
                state: .connected, since: now(), serverName: serverName, lastFailureCause: connectionStatus.lastFailureCause,
                lastFailure: connectionStatus.lastFailure)
            logger.notice("SRM connection up", metadata: ["server": "\(serverName)"])
            outcomes.restored()
            for action in connectedActions { action() }
            sentReport = latestReport
            try? await outbound.write(.text(SRMFrameCoding.encode(SRMAgentFrame.status(latestReport))))
            return true
        case .refused(let refusal):
            self.refusal = refusal
            return false
        case .acknowledged(let sequence):
            settle(sequence, .success(()))
            return true
        case .rejected(let sequence, let reason):
            outcomes.failed(.uploadRejected)
            connectionStatus.lastFailureCause = .uploadRejected
            connectionStatus.lastFailure = reason
            settle(sequence, .failure(DeliveryFailure(.notAvailable, "the SRM server rejected the upload: \(reason)")))
            return true
        case .sessionRequest(let session):
            await open(session, outbound: outbound)
            return true
        case .httpRequest(let request):
            relay(request, outbound: outbound)
            return true
        case .sessionEnd(let id):
            if let session = sessions.removeValue(forKey: id) {
                logger.notice("SRM remote maintenance session ended by the SRM server", metadata: ["session": "\(id)"])
                await maintenance?.ended(session)
            }
            return true
        }
    }

    /// Accepts a session only while the server says remote maintenance is enabled (§5.4).
    private func open(_ session: SRMMaintenanceSession, outbound: WebSocketOutboundWriter) async {
        let refusal = await maintenance?.refusal(of: session) ?? (maintenance == nil ? "this system serves no remote maintenance" : nil)
        if let refusal {
            logger.notice(
                "SRM remote maintenance session refused",
                metadata: ["session": "\(session.session)", "technician": "\(session.technician)", "reason": "\(refusal)"])
            try? await outbound.write(.text(SRMFrameCoding.encode(SRMAgentFrame.sessionEnded(session: session.session, reason: refusal))))
            return
        }
        sessions[session.session] = session
        logger.notice(
            "SRM remote maintenance session opened",
            metadata: ["session": "\(session.session)", "technician": "\(session.technician)", "address": "\(session.address)"])
        try? await outbound.write(.text(SRMFrameCoding.encode(SRMAgentFrame.sessionAccepted(session: session.session))))
    }

    /// Relays one request on its own task, so a slow request does not hold up the others or the
    /// acknowledgements; a request of a session not open here is answered as ended.
    private func relay(_ request: SRMRelayedRequest, outbound: WebSocketOutboundWriter) {
        guard let session = sessions[request.session], let maintenance else {
            Task {
                try? await outbound.write(
                    .text(SRMFrameCoding.encode(SRMAgentFrame.sessionEnded(session: request.session, reason: "no such session is open on the system"))))
            }
            return
        }
        Task {
            let response = await maintenance.relay(request, in: session)
            try? await outbound.write(.text(SRMFrameCoding.encode(SRMAgentFrame.httpResponse(response))))
        }
    }

    private func settle(_ sequence: Int64, _ result: Result<Void, DeliveryFailure>) {
        acknowledgements.settle(sequence, result)
    }

    private func disconnected(_ reason: String) async {
        let open = sessions.values
        sessions = [:]
        for session in open { await maintenance?.ended(session) }
        outbound = nil
        welcomed = false
        sentReport = nil
        acknowledgements.failAll(DeliveryFailure(.notAvailable, "the SRM connection closed: \(reason)"))
    }

    /// Closes the connection when the settings change, or when the hello is not answered in time.
    private func watch(_ outbound: WebSocketOutboundWriter, current: SRMAgentConfiguration, settingsChanged: SettingsChangeFlag) async {
        let start = ContinuousClock.now
        while !Task.isCancelled {
            try? await Task.sleep(for: Self.settingsPoll)
            if Task.isCancelled { return }
            if configuration() != current {
                settingsChanged.set()
                try? await outbound.close(.goingAway, reason: "settings changed")
                return
            }
            if !welcomed, refusal == nil, ContinuousClock.now - start > Self.answerTimeout {
                try? await outbound.close(.policyViolation, reason: "no answer to the hello within 10 s")
                return
            }
        }
    }

    private func waitOrSettingsChange(_ delay: Duration, from current: SRMAgentConfiguration) async {
        let end = ContinuousClock.now + delay
        while !Task.isCancelled, ContinuousClock.now < end, configuration() == current {
            try? await Task.sleep(for: min(Self.settingsPoll, end - ContinuousClock.now))
        }
    }

    private func setState(_ state: SRMConnectionStatus.State) {
        guard connectionStatus.state != state else { return }
        connectionStatus = SRMConnectionStatus(
            state: state, since: now(), lastFailureCause: connectionStatus.lastFailureCause, lastFailure: connectionStatus.lastFailure)
    }

    private var unavailableReason: String {
        switch connectionStatus.state {
        case .off: "the SRM connection is switched off (PUT /api/v1/srm)"
        case .connecting: "the SRM connection is being set up"
        case .failed: "the SRM connection failed: \(connectionStatus.lastFailure ?? "")"
        case .connected: "the SRM connection is closing"
        }
    }

    /// Full verification against `pem`'s certificates when given, the system's trust store
    /// otherwise; the host name in the URL must be in the SRM server's certificate.
    static func tlsConfiguration(trusting pem: String?) throws -> TLSConfiguration {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.certificateVerification = .fullVerification
        tls.minimumTLSVersion = .tlsv12
        if let pem { tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMBytes(Array(pem.utf8))) }
        return tls
    }
}
