extension SIPNonInviteServerTransaction {
    /// Figure 8 of RFC 3261 as a value: each input returns the ``SIPTransactionAction``s the
    /// driver performs, in order. The driver calls ``start()`` once for the request that created
    /// the transaction, then passes its retransmissions — requests that match its
    /// ``SIPTransactionKey/server(matching:)`` —, the TU's responses, Timer J when it fires, and
    /// transport errors.
    public struct StateMachine: Sendable {
        private enum Storage: Sendable {
            case trying
            /// With the last provisional response sent.
            case proceeding(lastProvisional: SIPResponse)
            /// With the final response sent.
            case completed(response: SIPResponse)
            case terminated
        }

        /// The request that created the transaction.
        public let request: SIPRequest
        public let timers: SIPTransactionTimers
        private var storage: Storage = .trying
        private var started = false

        /// A transaction for `request`, in Trying; ``start()`` passes it to the TU.
        /// - Throws: ``SIPTransactionError`` when `request` is an INVITE or an ACK (neither
        ///   creates a non-INVITE transaction, §17.2.3) or the headers its key reads cannot be
        ///   read.
        public init(request: SIPRequest, timers: SIPTransactionTimers) throws(SIPTransactionError) {
            guard request.method != .invite, request.method != .ack else {
                throw SIPTransactionError(.methodNotAllowed, detail: request.method.rawValue + " in a non-INVITE transaction")
            }
            _ = try SIPTransactionKey.server(matching: request)
            self.request = request
            self.timers = timers
        }

        public var state: State {
            switch storage {
            case .trying: .trying
            case .proceeding: .proceeding
            case .completed: .completed
            case .terminated: .terminated
            }
        }

        /// Pass the request to the TU (§17.2.2). Only the first call does anything.
        public mutating func start() -> [SIPTransactionAction] {
            guard !started, case .trying = storage else { return [] }
            started = true
            return [.passRequestToTU(request)]
        }

        /// A retransmission of the request: discarded in Trying, answered with the last response
        /// sent in Proceeding and Completed (§17.2.2).
        public func receivedRetransmission() -> [SIPTransactionAction] {
            switch storage {
            case .proceeding(let response), .completed(let response): [.sendResponse(response)]
            case .trying, .terminated: []
            }
        }

        /// A response from the TU: sent, and a final one leads to Completed with Timer J — zero
        /// on a reliable transport (§17.2.2).
        /// - Throws: ``SIPTransactionError/Rule/responseNotAllowedInState`` once a final response
        ///   was sent.
        public mutating func sendResponse(_ response: SIPResponse) throws(SIPTransactionError) -> [SIPTransactionAction] {
            switch storage {
            case .trying, .proceeding:
                if response.isProvisional {
                    storage = .proceeding(lastProvisional: response)
                    return [.sendResponse(response)]
                }
                guard timers.timerJ > .zero else {
                    storage = .terminated
                    return [.sendResponse(response), .terminate]
                }
                storage = .completed(response: response)
                return [.sendResponse(response), .startTimer(.J, after: timers.timerJ)]
            case .completed, .terminated:
                throw SIPTransactionError(.responseNotAllowedInState, detail: String(response.status) + " in " + String(describing: state))
            }
        }

        /// Timer J has fired: the transaction ends (§17.2.2). Any other timer is not this
        /// transaction's and is ignored.
        public mutating func timerFired(_ timer: SIPTransactionTimer) -> [SIPTransactionAction] {
            guard timer == .J, case .completed = storage else { return [] }
            storage = .terminated
            return [.terminate]
        }

        /// The transport could not send a response: inform the TU and stay (RFC 6026 §8.8, which
        /// replaced §17.2.4's move to Terminated for every server transaction — a terminated
        /// one would let the next retransmission reach the TU as a new request).
        public func transportError() -> [SIPTransactionAction] {
            if case .terminated = storage { return [] }
            return [.informTUOfTransportError]
        }
    }
}
