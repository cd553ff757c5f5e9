extension SIPNonInviteClientTransaction {
    /// Figure 6 of RFC 3261 as a value: each input returns the ``SIPTransactionAction``s the
    /// driver performs, in order. The driver calls ``start()`` once, then passes the responses
    /// that match ``SIPTransactionKey/client(for:)``, the timers it was asked to start when they
    /// fire, and transport errors.
    public struct StateMachine: Sendable {
        private enum Storage: Sendable {
            /// With the interval Timer E was last started with; `nil` on a reliable transport.
            case trying(timerE: Duration?)
            /// Whether Timer E runs: it does on an unreliable transport, every T2 from now on.
            case proceeding(retransmitting: Bool)
            case completed
            case terminated
        }

        /// The request this transaction sends.
        public let request: SIPRequest
        public let timers: SIPTransactionTimers
        private var storage: Storage
        private var started = false

        /// A transaction for `request`, in Trying; ``start()`` sends it.
        /// - Throws: ``SIPTransactionError`` when `request` is an INVITE or an ACK (§17.1: neither
        ///   is a non-INVITE transaction's), or has no RFC 3261 branch (§8.1.1.7).
        public init(request: SIPRequest, timers: SIPTransactionTimers) throws(SIPTransactionError) {
            guard request.method != .invite else { throw SIPTransactionError(.methodNotAllowed, detail: "INVITE in a non-INVITE transaction") }
            _ = try SIPTransactionKey.client(for: request)
            self.request = request
            self.timers = timers
            self.storage = .trying(timerE: timers.timerE)
        }

        public var state: State {
            switch storage {
            case .trying: .trying
            case .proceeding: .proceeding
            case .completed: .completed
            case .terminated: .terminated
            }
        }

        /// Send the request, start Timer E on an unreliable transport and Timer F (§17.1.2.2).
        /// Only the first call does anything.
        public mutating func start() -> [SIPTransactionAction] {
            guard !started, case .trying = storage else { return [] }
            started = true
            var actions: [SIPTransactionAction] = [.sendRequest(request)]
            if let timerE = timers.timerE { actions.append(.startTimer(.E, after: timerE)) }
            actions.append(.startTimer(.F, after: timers.timerF))
            return actions
        }

        /// A response matched to this transaction (§17.1.3): passed to the TU in Trying and
        /// Proceeding, absorbed once a final response arrived (§17.1.2.2).
        public mutating func receivedResponse(_ response: SIPResponse) -> [SIPTransactionAction] {
            switch storage {
            case .trying(let timerE):
                if response.isProvisional {
                    storage = .proceeding(retransmitting: timerE != nil)
                    return [.passResponseToTU(response)]
                }
                return complete(response, retransmitting: timerE != nil)
            case .proceeding(let retransmitting):
                if response.isProvisional { return [.passResponseToTU(response)] }
                return complete(response, retransmitting: retransmitting)
            case .completed, .terminated:
                return []
            }
        }

        /// A timer this transaction started has fired. One that was cancelled or belongs to an
        /// earlier state is ignored.
        public mutating func timerFired(_ timer: SIPTransactionTimer) -> [SIPTransactionAction] {
            switch (timer, storage) {
            case (.E, .trying(let interval?)):
                let next = timers.backedOff(interval)
                storage = .trying(timerE: next)
                return [.sendRequest(request), .startTimer(.E, after: next)]
            case (.E, .proceeding(retransmitting: true)):
                // §17.1.2.2: in Proceeding, Timer E is reset with T2 each time.
                return [.sendRequest(request), .startTimer(.E, after: timers.t2)]
            case (.F, .trying), (.F, .proceeding):
                storage = .terminated
                return [.informTUOfTimeout, .terminate]
            case (.K, .completed):
                storage = .terminated
                return [.terminate]
            default:
                return []
            }
        }

        /// The transport could not send the request: inform the TU and end (§17.1.4).
        public mutating func transportError() -> [SIPTransactionAction] {
            if case .terminated = storage { return [] }
            storage = .terminated
            return [.informTUOfTransportError, .terminate]
        }

        /// §17.1.2.2: a final response stops the retransmissions and Timer F, goes to the TU, and
        /// the transaction waits in Completed for Timer K — zero on a reliable transport.
        private mutating func complete(_ response: SIPResponse, retransmitting: Bool) -> [SIPTransactionAction] {
            let actions: [SIPTransactionAction] = (retransmitting ? [.cancelTimer(.E)] : []) + [.cancelTimer(.F), .passResponseToTU(response)]
            guard timers.timerK > .zero else {
                storage = .terminated
                return actions + [.terminate]
            }
            storage = .completed
            return actions + [.startTimer(.K, after: timers.timerK)]
        }
    }
}
