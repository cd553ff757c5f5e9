extension SIPInviteClientTransaction {
    /// Figure 5 of RFC 3261 as RFC 6026 §8.4 redraws it, as a value: each input returns the
    /// ``SIPTransactionAction``s the driver performs, in order. The driver calls ``start()`` once,
    /// then passes the responses that match ``SIPTransactionKey/client(for:)``, the timers it was
    /// asked to start when they fire, and transport errors.
    public struct StateMachine: Sendable {
        private enum Storage: Sendable {
            /// With the interval Timer A was last started with; `nil` on a reliable transport.
            case calling(timerA: Duration?)
            case proceeding
            case accepted
            /// With the ACK sent for the final response, sent again for each retransmission of it.
            case completed(ack: SIPRequest)
            case terminated
        }

        /// The INVITE this transaction sends.
        public let request: SIPRequest
        public let timers: SIPTransactionTimers
        private var storage: Storage
        private var started = false

        /// A transaction for `request`, in Calling; ``start()`` sends it.
        /// - Throws: ``SIPTransactionError`` when `request` is not an INVITE, has no RFC 3261
        ///   branch (§8.1.1.7), or lacks a readable header its ACK copies (§17.1.1.3) — read
        ///   here, so that every 300–699 response can be acknowledged.
        public init(request: SIPRequest, timers: SIPTransactionTimers) throws(SIPTransactionError) {
            guard request.method == .invite else { throw SIPTransactionError(.methodNotAllowed, detail: request.method.rawValue + " in an INVITE transaction") }
            _ = try SIPTransactionKey.client(for: request)
            let headers = request.headers
            try SIPTransactionError.reading { () throws(SIPParseError) in
                _ = try headers.from
                _ = try headers.to
                _ = try headers.callID
                _ = try headers.cseq
                _ = try headers.maxForwards
                _ = try headers.route
            }
            self.request = request
            self.timers = timers
            self.storage = .calling(timerA: timers.timerA)
        }

        public var state: State {
            switch storage {
            case .calling: .calling
            case .proceeding: .proceeding
            case .accepted: .accepted
            case .completed: .completed
            case .terminated: .terminated
            }
        }

        /// §9.1: a CANCEL may be sent only once a provisional response has arrived, and is
        /// pointless after a final one.
        public var mayBeCancelled: Bool { state == .proceeding }

        /// "INVITE from TU / INVITE sent": send the INVITE, start Timer A on an unreliable
        /// transport and Timer B (§17.1.1.2). Only the first call does anything.
        public mutating func start() -> [SIPTransactionAction] {
            guard !started, case .calling = storage else { return [] }
            started = true
            var actions: [SIPTransactionAction] = [.sendRequest(request)]
            if let timerA = timers.timerA { actions.append(.startTimer(.A, after: timerA)) }
            actions.append(.startTimer(.B, after: timers.timerB))
            return actions
        }

        /// A response matched to this transaction (§17.1.3). Retransmissions and responses the
        /// state has no use for are absorbed. A 300–699 whose To cannot be read — which the
        /// codec refuses, so only a hand-built response can be — cannot be acknowledged and is
        /// dropped, as a malformed response is (§18.1.2).
        public mutating func receivedResponse(_ response: SIPResponse) -> [SIPTransactionAction] {
            switch storage {
            case .calling:
                if response.isProvisional {
                    let cancelling = stopRetransmitting()
                    storage = .proceeding
                    return cancelling + [.passResponseToTU(response)]
                }
                if response.status < 300 { return stopRetransmitting() + accept(response) }
                return complete(response, cancelling: stopRetransmitting())
            case .proceeding:
                if response.isProvisional { return [.passResponseToTU(response)] }
                if response.status < 300 { return accept(response) }
                return complete(response, cancelling: [])
            case .accepted:
                // RFC 6026 §8.4: "2xx / 2xx to TU"; anything else after a 2xx is stale.
                if (200..<300).contains(response.status) { return [.passResponseToTU(response)] }
                return []
            case .completed(let ack):
                // §17.1.1.2: each retransmission of the final response is acknowledged again.
                if response.status >= 300 { return [.sendRequest(ack)] }
                return []
            case .terminated:
                return []
            }
        }

        /// A timer this transaction started has fired. One that was cancelled or belongs to an
        /// earlier state is ignored.
        public mutating func timerFired(_ timer: SIPTransactionTimer) -> [SIPTransactionAction] {
            switch (timer, storage) {
            case (.A, .calling(let interval?)):
                // §17.1.1.2: the interval doubles each time; only Timer B ends it, so it need
                // never exceed B.
                let next = min(interval * 2, timers.timerB)
                storage = .calling(timerA: next)
                return [.sendRequest(request), .startTimer(.A, after: next)]
            case (.B, .calling):
                storage = .terminated
                return [.informTUOfTimeout, .terminate]
            case (.D, .completed), (.M, .accepted):
                storage = .terminated
                return [.terminate]
            default:
                return []
            }
        }

        /// The transport could not send the INVITE or the ACK: inform the TU and end (§17.1.4).
        public mutating func transportError() -> [SIPTransactionAction] {
            if case .terminated = storage { return [] }
            storage = .terminated
            return [.informTUOfTransportError, .terminate]
        }

        /// Leaving Calling: the INVITE is no longer retransmitted (§17.1.1.2), and Timer B only
        /// times out the Calling state.
        private func stopRetransmitting() -> [SIPTransactionAction] {
            guard case .calling(let interval) = storage else { return [] }
            return (interval == nil ? [] : [.cancelTimer(.A)]) + [.cancelTimer(.B)]
        }

        /// RFC 6026 §8.4: a 2xx goes to the TU and the transaction waits in Accepted for Timer M.
        private mutating func accept(_ response: SIPResponse) -> [SIPTransactionAction] {
            storage = .accepted
            return [.passResponseToTU(response), .startTimer(.M, after: timers.timerM)]
        }

        /// §17.1.1.2: a 300–699 is acknowledged, passed up, and the transaction waits in Completed
        /// for Timer D — zero on a reliable transport, where no retransmission can come.
        private mutating func complete(_ response: SIPResponse, cancelling: [SIPTransactionAction]) -> [SIPTransactionAction] {
            guard let ack = try? request.makeACK(for: response) else { return [] }
            let actions = cancelling + [.sendRequest(ack), .passResponseToTU(response)]
            guard timers.timerD > .zero else {
                storage = .terminated
                return actions + [.terminate]
            }
            storage = .completed(ack: ack)
            return actions + [.startTimer(.D, after: timers.timerD)]
        }
    }
}
