import NIOCore

/// The server half of the transaction layer (RFC 3261 §17.2, with RFC 6026): it sits between the
/// transports and the TU, creates a transaction for each new request, hands the request up once,
/// answers retransmissions with the last response sent, absorbs the ACK of a non-2xx final
/// response, retransmits final responses to INVITEs over UDP (Timer G), sends 100 Trying itself
/// when the TU has not answered an INVITE within 200 ms, and forgets each transaction when its
/// state machine says so.
///
/// All its state is owned by one event loop — the SIP listeners' (``SIPListeners/eventLoop``) —
/// and touched only there: no lock. Timers are that loop's scheduled tasks, so unit tests drive
/// them with an `EmbeddedEventLoop`.
public final class SIPServerTransactionLayer: SIPTransportUser {
    final class Tables {
        var invite: [SIPTransactionKey: InviteEntry] = [:]
        var nonInvite: [SIPTransactionKey: NonInviteEntry] = [:]
    }

    struct Timers {
        var scheduled: [SIPTransactionTimer: Scheduled<Void>] = [:]

        mutating func cancelAll() {
            for task in scheduled.values { task.cancel() }
            scheduled = [:]
        }
    }

    struct InviteEntry {
        var machine: SIPInviteServerTransaction.StateMachine
        var peer: SIPPeer
        var timers = Timers()
    }

    struct NonInviteEntry {
        var machine: SIPNonInviteServerTransaction.StateMachine
        var peer: SIPPeer
        var timers = Timers()
    }

    public let eventLoop: any EventLoop
    let tables: NIOLoopBoundBox<Tables>
    let user: any SIPTransactionUser
    let timers: SIPTransactionTimers

    /// - Parameter timers: T1, T2 and T4 (RFC 3261 §17.1.1.1); the transport decides which
    ///   timers run per transaction.
    public init(eventLoop: any EventLoop, user: any SIPTransactionUser, timers: SIPTransactionTimers = .rfc3261(reliableTransport: false)) {
        self.eventLoop = eventLoop
        // Made off the loop (the server builds the layer before the loop runs anything of it);
        // the box checks every later access is on it.
        self.tables = NIOLoopBoundBox.makeBoxSendingValue(Tables(), eventLoop: eventLoop)
        self.user = user
        self.timers = timers
    }

    /// Transactions alive now, for tests and metrics.
    public var count: Int {
        eventLoop.preconditionInEventLoop()
        return tables.value.invite.count + tables.value.nonInvite.count
    }

    // MARK: SIPTransportUser

    public func admits(_ peer: SIPPeer) -> Bool { user.admits(peer) }

    public func refused(_ error: SIPParseError, from peer: SIPPeer) { user.refused(error, from: peer) }

    public func received(_ message: SIPMessage, from peer: SIPPeer) {
        eventLoop.preconditionInEventLoop()
        switch message {
        case .response(let response):
            user.received(response, from: peer)
        case .request(let request):
            receive(request, from: peer)
        }
    }

    private func receive(_ request: SIPRequest, from peer: SIPPeer) {
        let key: SIPTransactionKey
        do {
            key = try SIPTransactionKey.server(matching: request)
        } catch {
            // The parser vouched for the headers the key reads; a request that still has none
            // to match is handed up as it is, untracked.
            if request.method == .ack { user.receivedACK(request, from: peer) }
            return
        }
        let tables = tables.value
        if request.method == .ack {
            if tables.invite[key] != nil {
                perform({ $0.invite[key]?.machine.receivedACK(request) ?? [] }, for: key, invite: true)
            } else {
                user.receivedACK(request, from: peer)
            }
            return
        }
        if request.method == .invite, tables.invite[key] != nil {
            perform({ $0.invite[key]?.machine.receivedRetransmission() ?? [] }, for: key, invite: true)
            return
        }
        if request.method != .invite, tables.nonInvite[key] != nil {
            perform({ $0.nonInvite[key]?.machine.receivedRetransmission() ?? [] }, for: key, invite: false)
            return
        }
        let reliable = peer.transport.isReliable
        do throws(SIPTransactionError) {
            if request.method == .invite {
                tables.invite[key] = InviteEntry(
                    machine: try SIPInviteServerTransaction.StateMachine(request: request, timers: timers.over(reliableTransport: reliable)), peer: peer)
                perform({ $0.invite[key]?.machine.start() ?? [] }, for: key, invite: true)
            } else {
                tables.nonInvite[key] = NonInviteEntry(
                    machine: try SIPNonInviteServerTransaction.StateMachine(request: request, timers: timers.over(reliableTransport: reliable)),
                    peer: peer)
                perform({ $0.nonInvite[key]?.machine.start() ?? [] }, for: key, invite: false)
            }
        } catch {
            return
        }
    }

    /// The INVITE transaction a CANCEL cancels (§9.2), if it is still there.
    public func inviteTransaction(cancelledBy cancel: SIPRequest) -> SIPServerTransaction? {
        eventLoop.preconditionInEventLoop()
        guard let key = try? SIPTransactionKey.server(cancelledBy: cancel), let entry = tables.value.invite[key] else { return nil }
        return SIPServerTransaction(key: key, request: entry.machine.request, peer: entry.peer, layer: self)
    }

    /// Whether the INVITE transaction is still waiting for its final response (§9.2: only then
    /// does a CANCEL have an effect).
    public func isProceeding(_ transaction: SIPServerTransaction) -> Bool {
        eventLoop.preconditionInEventLoop()
        return tables.value.invite[transaction.key]?.machine.state == .proceeding
    }

    func respond(_ response: SIPResponse, in key: SIPTransactionKey) {
        guard eventLoop.inEventLoop else {
            eventLoop.execute { self.respond(response, in: key) }
            return
        }
        if tables.value.invite[key] != nil {
            perform({ (try? $0.invite[key]?.machine.sendResponse(response)) ?? [] }, for: key, invite: true)
        } else if tables.value.nonInvite[key] != nil {
            perform({ (try? $0.nonInvite[key]?.machine.sendResponse(response)) ?? [] }, for: key, invite: false)
        }
    }

    /// Runs an input of one transaction's machine and carries out what it returns.
    private func perform(_ input: (Tables) -> [SIPTransactionAction], for key: SIPTransactionKey, invite: Bool) {
        let tables = tables.value
        let actions = input(tables)
        guard let peer = invite ? tables.invite[key]?.peer : tables.nonInvite[key]?.peer else { return }
        for action in actions {
            switch action {
            case .sendResponse(let response):
                peer.send(response)
            case .sendRequest(let request):
                peer.send(request)
            case .passRequestToTU(let request):
                if request.method == .ack {
                    user.receivedACK(request, from: peer)
                } else {
                    user.received(request, in: SIPServerTransaction(key: key, request: request, peer: peer, layer: self))
                }
            case .passResponseToTU(let response):
                user.received(response, from: peer)
            case .startTimer(let timer, let delay):
                let task = eventLoop.scheduleTask(in: TimeAmount(delay)) { [self] in
                    let fired: (Tables) -> [SIPTransactionAction] =
                        invite ? { $0.invite[key]?.machine.timerFired(timer) ?? [] } : { $0.nonInvite[key]?.machine.timerFired(timer) ?? [] }
                    self.perform(fired, for: key, invite: invite)
                }
                if invite {
                    tables.invite[key]?.timers.scheduled.updateValue(task, forKey: timer)?.cancel()
                } else {
                    tables.nonInvite[key]?.timers.scheduled.updateValue(task, forKey: timer)?.cancel()
                }
            case .cancelTimer(let timer):
                if invite {
                    tables.invite[key]?.timers.scheduled.removeValue(forKey: timer)?.cancel()
                } else {
                    tables.nonInvite[key]?.timers.scheduled.removeValue(forKey: timer)?.cancel()
                }
            case .informTUOfTimeout:
                if invite, let entry = tables.invite[key] {
                    user.acknowledgementTimedOut(SIPServerTransaction(key: key, request: entry.machine.request, peer: peer, layer: self))
                }
            case .informTUOfTransportError:
                break
            case .terminate:
                var timers = (invite ? tables.invite.removeValue(forKey: key)?.timers : tables.nonInvite.removeValue(forKey: key)?.timers)
                timers?.cancelAll()
            }
        }
    }
}

extension TimeAmount {
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        self = .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
