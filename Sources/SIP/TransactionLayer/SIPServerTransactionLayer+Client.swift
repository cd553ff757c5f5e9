import NIOCore

/// The client half of the layer (RFC 3261 §17.1): requests the TU sends, the responses matched to
/// them, and the CANCEL of an INVITE (§9.1).
extension SIPServerTransactionLayer {
    /// Sends `request` in a client transaction: adds a top Via
    /// (`SIP/2.0/<transport> <local address of the flow>;branch=z9hG4bK<random>;rport`, §8.1.1.7,
    /// §18.1.1, RFC 3581 §3), creates the INVITE or non-INVITE client transaction with the timers
    /// of the target's transport (retransmissions and the D/K waits only over UDP, §17.1.1.2,
    /// §17.1.2.2), sends the request and reports each event to `events` on the layer's loop.
    ///
    /// Safe from any thread. The transaction starts in a task on the loop even when called from
    /// it, so nothing is reported before this returns and a ``SIPClientTransaction/cancel()``
    /// right after it finds the transaction. A request that cannot start a client transaction —
    /// an ACK (use ``sendStateless(_:to:)``), an INVITE without the headers its ACK copies — or a
    /// flow without a local address to name in the Via is reported as
    /// ``SIPClientTransactionEvent/transportError`` without being sent.
    public func send(
        _ request: SIPRequest, to target: SIPTarget, events: @escaping @Sendable (SIPClientTransactionEvent) -> Void
    ) -> SIPClientTransaction {
        let branch = Self.newBranch()
        let via = Self.via(for: target.peer, branch: branch)
        var stamped = request
        if let via { stamped.headers.insertFirst(.via, via.description) }
        let sent = stamped
        let transaction = SIPClientTransaction(key: .client(branch: branch, method: request.method), request: sent, target: target, layer: self)
        eventLoop.execute { [self] in
            guard via != nil else {
                events(.transportError)
                return
            }
            let timers = timers.over(reliableTransport: target.peer.transport.isReliable)
            if sent.method == .invite {
                start(transaction, timers: timers, events: events, in: \.inviteClient)
            } else {
                start(transaction, timers: timers, events: events, in: \.nonInviteClient)
            }
        }
        return transaction
    }

    /// Sends `request` outside any transaction, with a fresh top Via branch: the ACK of a 2xx,
    /// which belongs to the dialog (§13.2.2.4) — the dialog sends it again for each 2xx the
    /// INVITE's ``SIPClientTransactionEvent/response(_:)`` reports — or another request nothing
    /// will answer. Nothing is retransmitted or reported; a failed write is lost as a datagram
    /// is. Safe from any thread.
    public func sendStateless(_ request: SIPRequest, to target: SIPTarget) {
        guard let via = Self.via(for: target.peer, branch: Self.newBranch()) else { return }
        var stamped = request
        stamped.headers.insertFirst(.via, via.description)
        let sent = stamped
        eventLoop.execute { [self] in write(sent, to: target) {} }
    }

    private func start<Machine: ClientMachine>(
        _ transaction: SIPClientTransaction, timers: SIPTransactionTimers, events: @escaping @Sendable (SIPClientTransactionEvent) -> Void,
        in table: Table<ClientEntry<Machine>>
    ) {
        guard let machine = try? Machine(request: transaction.request, timers: timers) else {
            events(.transportError)
            return
        }
        tables.value[keyPath: table][transaction.key] = ClientEntry(machine: machine, target: transaction.target, events: events)
        perform(table, transaction.key) { $0.start() }
    }

    /// §17.1.3: a response goes to the client transaction of its top Via branch and CSeq method,
    /// and one that matches none to the TU (a 2xx of an INVITE whose transaction is gone, or a
    /// response to a request this side never sent).
    func receive(_ response: SIPResponse, from peer: SIPPeer) {
        guard let key = try? SIPTransactionKey.client(matching: response) else {
            user.received(response, from: peer)
            return
        }
        let tables = tables.value
        if tables.inviteClient[key] != nil {
            perform(\.inviteClient, key) { $0.receivedResponse(response) }
            sendCancelIfDue(key)
        } else if tables.nonInviteClient[key] != nil {
            perform(\.nonInviteClient, key) { $0.receivedResponse(response) }
        } else {
            user.received(response, from: peer)
        }
    }

    /// ``SIPClientTransaction/cancel()``: queued behind the transaction's start, like every
    /// call from the TU, so the order of `send` and `cancel` is kept.
    func cancel(_ key: SIPTransactionKey) {
        eventLoop.execute { [self] in
            let tables = tables.value
            guard tables.inviteClient[key]?.cancellation == Cancellation.none else { return }
            tables.inviteClient[key]?.cancellation = .requested
            sendCancelIfDue(key)
        }
    }

    /// §9.1: a CANCEL the TU asked for goes out once a provisional response has arrived, in a
    /// transaction of its own to the INVITE's target; after a final response it is dropped.
    /// Its responses concern nobody — the 487 ends the INVITE — but should the UAS never send a
    /// final response (an RFC 2543 UAS sends no 487), the INVITE is given up 64·T1 after the
    /// CANCEL and reported as timed out: its Proceeding state has no timer of its own.
    private func sendCancelIfDue(_ key: SIPTransactionKey) {
        let tables = tables.value
        guard let entry = tables.inviteClient[key], entry.cancellation == .requested else { return }
        switch entry.machine.state {
        case .calling:
            return
        case .proceeding:
            tables.inviteClient[key]?.cancellation = .done
            guard let cancel = try? entry.machine.request.makeCANCEL(), let cancelKey = try? SIPTransactionKey.client(for: cancel) else { return }
            let transaction = SIPClientTransaction(key: cancelKey, request: cancel, target: entry.target, layer: self)
            start(transaction, timers: entry.machine.timers, events: { _ in }, in: \.nonInviteClient)
            // Never cancelled (see ``Timers``): a transaction that ended before it finds nothing.
            timerLanes.schedule(in: TimeAmount(entry.machine.timers.sixtyFourT1)) { [self] in
                let tables = self.tables.value
                guard let entry = tables.inviteClient[key], entry.machine.state == .proceeding else { return }
                tables.inviteClient.removeValue(forKey: key)
                entry.events(.timedOut)
            }
        case .accepted, .completed, .terminated:
            tables.inviteClient[key]?.cancellation = .done
        }
    }

    /// Writes `request` to the target's flow and calls `failed` on the layer's loop if the write
    /// fails (a connection closed, §17.1.4).
    func write(_ request: SIPRequest, to target: SIPTarget, failed: @escaping @Sendable () -> Void) {
        let channelLoop = target.peer.channel.eventLoop
        let promise = channelLoop.makePromise(of: Void.self)
        promise.futureResult.whenFailure { [self] _ in
            if eventLoop.inEventLoop { failed() } else { eventLoop.execute(failed) }
        }
        target.peer.write(.request(request), to: target.address, promise: promise)
    }

    /// §8.1.1.7: the magic cookie and 128 random bits, unique per transaction.
    static func newBranch() -> String {
        SIPVia.magicCookie + SIPTag.random() + SIPTag.random()
    }

    /// The Via naming the local end of `peer`'s flow, where responses come back to over UDP;
    /// `rport` asks for them at the source port (RFC 3581 §3). `nil` for a flow without a local
    /// IP address (a connection already closed).
    static func via(for peer: SIPPeer, branch: String) -> SIPVia? {
        guard let local = peer.localAddress ?? peer.channel.localAddress, let address = local.ipAddress, let port = local.port else { return nil }
        let host: SIPHost
        switch local {
        case .v6: host = .ipv6(address)
        default: host = .ipv4(address)
        }
        return SIPVia(transport: peer.transport.viaToken, host: host, port: port, parameters: ["branch": branch, "rport": nil])
    }
}
