import NIOCore

/// The transaction layer (RFC 3261 §17, with RFC 6026) between the transports and the TU, both
/// halves of it.
///
/// The server half (§17.2) creates a transaction for each new request, hands the request up
/// once, answers retransmissions with the last response sent, absorbs the ACK of a non-2xx final
/// response, retransmits final responses to INVITEs over UDP (Timer G), sends 100 Trying itself
/// when the TU has not answered an INVITE within 200 ms, and forgets each transaction when its
/// state machine says so.
///
/// The client half (§17.1, ``send(_:to:events:)``) stamps each request the TU sends with a Via of
/// its own, retransmits it over UDP (Timer A or E) until a response or the time-out (Timer B or
/// F), matches the responses that come back by top Via branch and CSeq method (§17.1.3),
/// acknowledges a 300–699 final response to an INVITE itself, and reports each response once to
/// the closure the TU gave; a 2xx to an INVITE is reported again for each retransmission while
/// the transaction waits in Accepted (RFC 6026 §8.4), because the dialog, not the transaction,
/// acknowledges it (§13.2.2.4). A response no client transaction matches goes to
/// ``SIPTransactionUser/received(_:from:)``.
///
/// All its state is owned by one event loop — the SIP listeners' (``SIPListeners/eventLoop``) —
/// and touched only there: no lock. The four kinds of transaction live in four tables of one
/// ``Tables`` object behind a `NIOLoopBoundBox`, and one driver (``perform(_:_:_:)``) runs any of
/// their state machines, whichever table the key path names. Timers wait in the loop's
/// ``SIPTimerLanes``, cancelled by being forgotten (``Timers``); unit tests drive them with an
/// `EmbeddedEventLoop`.
public final class SIPServerTransactionLayer: SIPTransportUser {
    final class Tables {
        var invite: [SIPTransactionKey: ServerEntry<SIPInviteServerTransaction.StateMachine>] = [:]
        var nonInvite: [SIPTransactionKey: ServerEntry<SIPNonInviteServerTransaction.StateMachine>] = [:]
        var inviteClient: [SIPTransactionKey: ClientEntry<SIPInviteClientTransaction.StateMachine>] = [:]
        var nonInviteClient: [SIPTransactionKey: ClientEntry<SIPNonInviteClientTransaction.StateMachine>] = [:]
        /// The last generation a timer was armed under (``Timers``): one counter for the layer,
        /// so a task left over from an ended transaction never matches a new one of the same key.
        var timerGeneration: UInt64 = 0
    }

    /// One of the four tables, named so that a timer task can carry it.
    typealias Table<Entry> = ReferenceWritableKeyPath<Tables, [SIPTransactionKey: Entry]> & Sendable

    public let eventLoop: any EventLoop
    let tables: NIOLoopBoundBox<Tables>
    let user: any SIPTransactionUser
    let timers: SIPTransactionTimers
    /// Where every timer of the layer and of its user waits (``schedule(in:_:)``).
    let timerLanes: SIPTimerLanes

    /// - Parameter timers: T1, T2 and T4 (RFC 3261 §17.1.1.1); the transport decides which
    ///   timers run per transaction.
    public init(eventLoop: any EventLoop, user: any SIPTransactionUser, timers: SIPTransactionTimers = .rfc3261(reliableTransport: false)) {
        self.eventLoop = eventLoop
        // Made off the loop (the server builds the layer before the loop runs anything of it);
        // the box checks every later access is on it.
        self.tables = NIOLoopBoundBox.makeBoxSendingValue(Tables(), eventLoop: eventLoop)
        self.user = user
        self.timers = timers
        self.timerLanes = SIPTimerLanes(eventLoop: eventLoop)
    }

    /// Runs `fire` on the layer's loop after `delay`: a timer of the transaction user (the
    /// B2BUA's 2xx retransmission), kept with the layer's own (``SIPTimerLanes``). Not
    /// cancellable: `fire` checks whether it is still wanted.
    /// - Precondition: called on the loop.
    public func schedule(in delay: TimeAmount, _ fire: @escaping @Sendable () -> Void) {
        timerLanes.schedule(in: delay, fire)
    }

    /// Transactions alive now, server and client, for tests and metrics.
    public var count: Int {
        eventLoop.preconditionInEventLoop()
        let tables = tables.value
        return tables.invite.count + tables.nonInvite.count + tables.inviteClient.count + tables.nonInviteClient.count
    }

    // MARK: SIPTransportUser

    public func admits(_ peer: SIPPeer) -> Bool { user.admits(peer) }

    public func refused(_ error: SIPParseError, from peer: SIPPeer) { user.refused(error, from: peer) }

    public func received(_ message: SIPMessage, from peer: SIPPeer) {
        eventLoop.preconditionInEventLoop()
        switch message {
        case .response(let response):
            receive(response, from: peer)
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
        switch request.method {
        case .ack:
            if tables.value.invite[key] != nil {
                perform(\.invite, key) { $0.receivedACK(request) }
            } else {
                user.receivedACK(request, from: peer)
            }
        case .invite:
            receive(request, key: key, from: peer, in: \.invite)
        default:
            receive(request, key: key, from: peer, in: \.nonInvite)
        }
    }

    /// A request for a server transaction: a retransmission goes to the transaction it matches
    /// (§17.2.3), a new one creates its transaction, which hands it to the TU.
    private func receive<Machine: ServerMachine>(
        _ request: SIPRequest, key: SIPTransactionKey, from peer: SIPPeer, in table: Table<ServerEntry<Machine>>
    ) {
        let tables = tables.value
        if tables[keyPath: table][key] != nil {
            perform(table, key) { $0.receivedRetransmission() }
            return
        }
        guard let machine = try? Machine(request: request, timers: timers.over(reliableTransport: peer.transport.isReliable)) else { return }
        tables[keyPath: table][key] = ServerEntry(machine: machine, peer: peer)
        perform(table, key) { $0.start() }
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
        if key.method == .invite {
            perform(\.invite, key) { (try? $0.sendResponse(response)) ?? [] }
        } else {
            perform(\.nonInvite, key) { (try? $0.sendResponse(response)) ?? [] }
        }
    }

    /// Runs an input of the state machine of the transaction `key` in `table`, if it is still
    /// there, and carries out what it returns: the timer actions and the end here, for every
    /// kind alike, the rest by the entry (``Entry/carryOut(_:key:table:layer:)``).
    ///
    /// What an action calls — the TU, a failing write — may run another input of the same
    /// transaction before the loop reaches the next action; the entry is looked up again for
    /// each, and once that input ended the transaction the remaining actions are dropped.
    func perform<Entry: SIPServerTransactionLayer.Entry>(
        _ table: Table<Entry>, _ key: SIPTransactionKey, _ input: (inout Entry.Machine) -> [SIPTransactionAction]
    ) {
        let tables = tables.value
        guard let actions = tables[keyPath: table][key]?.run(input) else { return }
        for action in actions {
            guard let entry = tables[keyPath: table][key] else { return }
            switch action {
            case .startTimer(let timer, let delay):
                tables.timerGeneration += 1
                let generation = tables.timerGeneration
                tables[keyPath: table][key]?.timers.armed[timer] = generation
                timerLanes.schedule(in: TimeAmount(delay)) { [self] in
                    let tables = self.tables.value
                    guard tables[keyPath: table][key]?.timers.armed[timer] == generation else { return }
                    tables[keyPath: table][key]?.timers.armed[timer] = nil
                    perform(table, key) { $0.timerFired(timer) }
                }
            case .cancelTimer(let timer):
                tables[keyPath: table][key]?.timers.armed[timer] = nil
            case .terminate:
                tables[keyPath: table].removeValue(forKey: key)
            default:
                entry.carryOut(action, key: key, table: table, layer: self)
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
