import Domain
import EventMessages
import Logging
import NIOCore
import NIOPosix
import NIOSSL

/// The alarm server interface (ATAS; manual §2.7.2.2, §6.3.1.3; the protocol in docs/atas.md):
/// the server listens, one alarm server at a time logs on with an account that has the ATAS
/// interface right, keeps the link alive with its cycle signal, acknowledges the event messages
/// routed to the ATAS destination, and asks for texts on users' phones.
///
/// An actor: the logged-on session, the link's state machine and the acknowledgements change
/// only here, whichever connection, delivery or timer moves them. It runs on the event loop its
/// connections are served on, so a line read, the acknowledgement it carries, the delivery it
/// wakes and the next line written are one thread's work: crossing between the loop and the
/// cooperative pool for each of them cost more than the work itself (docs/benchmarks.md).
public actor ATASInterface {
    /// At most this many event messages unacknowledged at once (docs/atas.md).
    static let window = 16
    /// An event message not acknowledged within this makes its batch fail, to be sent again.
    static let acknowledgementTimeout: Int64 = 60_000_000
    /// A connection that has not logged on within this is closed: an open socket that never
    /// logs on is someone else's.
    static let logonTimeout: Int64 = 10_000_000
    /// Connections at once, logged on or not.
    static let maximumConnections = 8
    /// How often the cycle signal and the acknowledgements are checked.
    static let watchInterval: Duration = .milliseconds(250)

    let logon: any ATASLogon
    let texts: any ATASTextDelivery
    /// The interval the administrator set on the ATAS destination (``ATASSettings``).
    let cycleSeconds: @Sendable () -> Int
    let raise: @Sendable (EventMessageRequest) -> Void
    let now: @Sendable () -> Int64
    let logger: Logger
    /// The loop the listener, its connections and this actor run on.
    nonisolated let eventLoop: any EventLoop

    public nonisolated var unownedExecutor: UnownedSerialExecutor { eventLoop.executor.asUnownedSerialExecutor() }

    var listener: (any Channel)?
    var listening: String?
    /// Connections not yet logged on, with when they opened.
    var unauthenticated: [ATASConnection: Int64] = [:]
    var session: ATASSession?
    var link = ATASLink()
    /// Event messages acknowledged in a batch the engine has not finished yet (by any session):
    /// a batch sent again after a broken connection skips them.
    var acknowledged: Set<Int64> = []
    var lastAcknowledged: Int64?
    /// The highest `resumeAfter` an alarm server gave: nothing up to it is sent again.
    var resumeAfter: Int64 = 0
    var watchdog: Task<Void, Never>?
    /// Tells the delivery engine the ATAS destination's peer is back, so what waits for it goes
    /// now instead of at the retry schedule's next round.
    var loggedOn: (@Sendable () -> Void)?

    public init(
        logon: any ATASLogon, texts: any ATASTextDelivery, cycleSeconds: @escaping @Sendable () -> Int,
        raise: @escaping @Sendable (EventMessageRequest) -> Void, now: @escaping @Sendable () -> Int64, logger: Logger,
        eventLoop: any EventLoop = MultiThreadedEventLoopGroup.singleton.next()
    ) {
        self.eventLoop = eventLoop
        self.logon = logon
        self.texts = texts
        self.cycleSeconds = cycleSeconds
        self.raise = raise
        self.now = now
        self.logger = logger
    }

    /// Sets what to call at each logon (the engine exists only after the destination plug-ins,
    /// which need this interface).
    public func whenLoggedOn(_ action: @escaping @Sendable () -> Void) {
        loggedOn = action
    }

    /// Opens the listener.
    ///
    /// - Parameter tls: the server's TLS configuration for a `tls:` address.
    /// - Returns: the address as bound.
    @discardableResult
    public func start(_ address: ATASListenAddress, tls: TLSConfiguration?) async throws -> ATASListenAddress {
        let context = try address.tls ? tls.map(NIOSSLContext.init) ?? { throw NIOSSLError.failedToLoadCertificate }() : nil
        let bootstrap = ServerBootstrap(group: eventLoop)
            .serverChannelOption(.backlog, value: 16)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { [self] channel in
                channel.eventLoop.makeCompletedFuture {
                    let (lines, continuation) = AsyncStream<ATASChannelHandler.Inbound>.makeStream()
                    if let context { try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: context)) }
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(ATASLineDecoder()))
                    try channel.pipeline.syncOperations.addHandler(ATASChannelHandler(inbound: continuation))
                    let connection = ATASConnection(channel: channel)
                    Task { await self.serve(connection, lines) }
                }
            }
        let channel = try await bootstrap.bind(host: address.host, port: address.port).get()
        listener = channel
        var bound = address
        bound.port = channel.localAddress?.port ?? address.port
        listening = bound.description
        watchdog = Task { [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: Self.watchInterval)
                await self?.watch()
            }
        }
        logger.notice("ATAS interface listening", metadata: ["address": "\(bound)"])
        return bound
    }

    /// Closes the listener and the alarm server's connection; raises nothing (the system is
    /// stopping, not the link failing).
    public func stop() async {
        watchdog?.cancel()
        watchdog = nil
        try? await listener?.close()
        listener = nil
        listening = nil
        for connection in unauthenticated.keys { connection.close() }
        unauthenticated = [:]
        closeSession()
    }

    /// The `event_message` line an alarm server receives for `delivery`, LF included (for the
    /// benchmark's baseline, which sends the same bytes).
    public static func notification(of delivery: EventMessageDelivery) -> [UInt8] {
        ATASLine.eventMessage(delivery).encoded()
    }

    public func status() -> ATASStatus {
        let alarmServer = session.map {
            ATASStatus.AlarmServer(
                account: $0.account, address: $0.connection.address, since: $0.since, cycleSeconds: $0.cycleSeconds, lastCycle: $0.lastCycle,
                inFlight: $0.sent.count)
        }
        return ATASStatus(listening: listening, alarmServer: alarmServer, lastAcknowledged: lastAcknowledged, link: link.state.name)
    }

    /// Reads one connection's lines in order until it ends.
    func serve(_ connection: ATASConnection, _ lines: AsyncStream<ATASChannelHandler.Inbound>) async {
        guard unauthenticated.count + (session == nil ? 0 : 1) < Self.maximumConnections else {
            connection.close()
            return
        }
        unauthenticated[connection] = now()
        reading: for await inbound in lines {
            let refusal: ATASProtocolError
            switch inbound {
            case .lineTooLong:
                refusal = ATASProtocolError(
                    .lineTooLong, "a line is at most \(ATASRequest.maximumLineLength) octets before its LF (docs/atas.md, framing)")
            case .line(let bytes):
                do {
                    try await handle(try ATASRequest.parse(bytes), from: connection)
                    continue reading
                } catch {
                    refusal = error
                }
            }
            refuse(refusal, on: connection)
            // Lines that came after one that ends the connection are not read: the stream is
            // out of step, or the peer has no business here.
            if refusal.closesConnection { break reading }
        }
        connectionEnded(connection)
    }

    func refuse(_ error: ATASProtocolError, on connection: ATASConnection) {
        if error.closesConnection {
            connection.close(after: error.line)
        } else {
            connection.send(error.line)
        }
    }

    func connectionEnded(_ connection: ATASConnection) {
        unauthenticated[connection] = nil
        guard session?.connection === connection else { return }
        endSession()
        link.connectionClosed()
    }

    /// The timer: the cycle signal, unacknowledged messages, connections that never log on.
    func watch() {
        let now = now()
        for (connection, opened) in unauthenticated where now - opened >= Self.logonTimeout {
            unauthenticated[connection] = nil
            connection.close()
        }
        for action in link.tick(at: now) { carryOut(action) }
        session?.expireAcknowledgements(olderThan: now - Self.acknowledgementTimeout)
    }

    func carryOut(_ action: ATASLink.Action) {
        switch action {
        case .raiseEstablished:
            logger.notice("ATAS: connection established", metadata: ["account": "\(session?.account ?? "")"])
            raise(EventMessageRequest(type: EventCatalogue.Key.atasConnectionEstablished, at: now()))
        case .raiseLost(let cause):
            logger.warning("ATAS: connection lost", metadata: ["cause": "\(cause == 0 ? "logoff" : "missing cycle signal")"])
            raise(EventMessageRequest(type: EventCatalogue.Key.atasConnectionLost, parameters: ["cause": String(cause)], at: now()))
        case .close:
            closeSession()
        }
    }

    /// Ends the logged-on session: deliveries waiting for its acknowledgements fail, to be
    /// sent again to the next one.
    func endSession() {
        session?.endWaits()
        session = nil
    }

    /// Closes the logged-on session's connection and ends the session at once (its serving
    /// task, seeing the connection end later, finds it gone).
    func closeSession() {
        session?.connection.close()
        endSession()
    }
}
