extension SIPInviteServerTransaction {
    /// Figure 7 of RFC 3261 as RFC 6026 redraws it, as a value: each input returns the
    /// ``SIPTransactionAction``s the driver performs, in order. The driver calls ``start()`` once
    /// for the INVITE that created the transaction, then passes the requests that match its
    /// ``SIPTransactionKey/server(matching:)`` — retransmitted INVITEs and ACKs —, the TU's
    /// responses, the timers it was asked to start when they fire, and transport errors.
    public struct StateMachine: Sendable {
        private enum Storage: Sendable {
            /// With the last provisional response sent, and whether the 100 Trying timer runs.
            case proceeding(lastProvisional: SIPResponse?, tryingPending: Bool)
            case accepted
            /// With the final response, and the interval Timer G was last started with (`nil`
            /// on a reliable transport).
            case completed(response: SIPResponse, timerG: Duration?)
            case confirmed
            case terminated
        }

        /// The INVITE that created the transaction.
        public let request: SIPRequest
        public let timers: SIPTransactionTimers
        /// Whether the INVITE came from an RFC 2543 element (no magic cookie in its branch), so
        /// that an ACK matches only with the To tag of the response sent (§17.2.3).
        public let isRFC2543: Bool
        private var storage: Storage = .proceeding(lastProvisional: nil, tryingPending: false)
        private var started = false

        /// A transaction for `request`, in Proceeding; ``start()`` passes it to the TU.
        /// - Throws: ``SIPTransactionError`` when `request` is not an INVITE or the headers its
        ///   key reads cannot be read.
        public init(request: SIPRequest, timers: SIPTransactionTimers) throws(SIPTransactionError) {
            guard request.method == .invite else { throw SIPTransactionError(.methodNotAllowed, detail: request.method.rawValue + " in an INVITE transaction") }
            self.isRFC2543 = try SIPTransactionKey.server(matching: request).isRFC2543
            self.request = request
            self.timers = timers
        }

        public var state: State {
            switch storage {
            case .proceeding: .proceeding
            case .accepted: .accepted
            case .completed: .completed
            case .confirmed: .confirmed
            case .terminated: .terminated
            }
        }

        /// "INVITE / pass INV to TU / send 100 if TU won't in 200 ms" (§17.2.1): pass the INVITE
        /// up and start the 100 Trying timer. Only the first call does anything.
        public mutating func start() -> [SIPTransactionAction] {
            guard !started, case .proceeding = storage else { return [] }
            started = true
            storage = .proceeding(lastProvisional: nil, tryingPending: true)
            return [.passRequestToTU(request), .startTimer(.trying, after: SIPTransactionTimers.tryingDelay)]
        }

        /// A retransmission of the INVITE: answered with the last provisional response in
        /// Proceeding and with the final response in Completed (§17.2.1), absorbed in Accepted —
        /// not passed to the TU, which retransmits its 2xx itself (RFC 6026 §7.1) — and in
        /// Confirmed.
        public mutating func receivedRetransmission() -> [SIPTransactionAction] {
            switch storage {
            case .proceeding(let lastProvisional?, _): [.sendResponse(lastProvisional)]
            case .completed(let response, _): [.sendResponse(response)]
            case .proceeding, .accepted, .confirmed, .terminated: []
            }
        }

        /// An ACK matched to this transaction. In Completed it confirms the final response: the
        /// retransmissions stop and Timer I absorbs the ACK's own (§17.2.1). In Accepted it is
        /// passed to the TU (RFC 6026, Figure 7): only an RFC 2543 ACK of the 2xx can match, since an
        /// RFC 3261 one has a branch of its own. For an RFC 2543 transaction an ACK whose To tag
        /// is not that of the response sent is not this transaction's (§17.2.3) and goes to the
        /// TU as unmatched requests do.
        public mutating func receivedACK(_ ack: SIPRequest) -> [SIPTransactionAction] {
            switch storage {
            case .completed(let response, let timerG):
                if isRFC2543, (try? ack.headers.to.tag) != (try? response.headers.to.tag) { return [.passRequestToTU(ack)] }
                var actions: [SIPTransactionAction] = (timerG == nil ? [] : [.cancelTimer(.G)]) + [.cancelTimer(.H)]
                guard timers.timerI > .zero else {
                    storage = .terminated
                    actions.append(.terminate)
                    return actions
                }
                storage = .confirmed
                actions.append(.startTimer(.I, after: timers.timerI))
                return actions
            case .accepted:
                return [.passRequestToTU(ack)]
            case .proceeding, .confirmed, .terminated:
                return []
            }
        }

        /// A response from the TU. Provisional ones go out in Proceeding; a 2xx goes out and
        /// leads to Accepted (RFC 6026 §8.5), where the TU's retransmissions of it go out too
        /// (§8.7); a 300–699 goes out and leads to Completed with Timers G and H (§17.2.1).
        /// - Throws: ``SIPTransactionError/Rule/responseNotAllowedInState`` for any other
        ///   response: the transaction has a final response already, or has ended.
        public mutating func sendResponse(_ response: SIPResponse) throws(SIPTransactionError) -> [SIPTransactionAction] {
            switch storage {
            case .proceeding(_, let tryingPending):
                let cancelling: [SIPTransactionAction] = tryingPending ? [.cancelTimer(.trying)] : []
                if response.isProvisional {
                    storage = .proceeding(lastProvisional: response, tryingPending: false)
                    return cancelling + [.sendResponse(response)]
                }
                if response.status < 300 {
                    storage = .accepted
                    return cancelling + [.sendResponse(response), .startTimer(.L, after: timers.timerL)]
                }
                storage = .completed(response: response, timerG: timers.timerG)
                var actions = cancelling + [.sendResponse(response)]
                if let timerG = timers.timerG { actions.append(.startTimer(.G, after: timerG)) }
                actions.append(.startTimer(.H, after: timers.timerH))
                return actions
            case .accepted where (200..<300).contains(response.status):
                return [.sendResponse(response)]
            case .accepted, .completed, .confirmed, .terminated:
                throw SIPTransactionError(.responseNotAllowedInState, detail: String(response.status) + " in " + String(describing: state))
            }
        }

        /// A timer this transaction started has fired. One that was cancelled or belongs to an
        /// earlier state is ignored.
        public mutating func timerFired(_ timer: SIPTransactionTimer) -> [SIPTransactionAction] {
            switch (timer, storage) {
            case (.trying, .proceeding(.none, true)):
                let trying = Self.trying(for: request)
                storage = .proceeding(lastProvisional: trying, tryingPending: false)
                return [.sendResponse(trying)]
            case (.G, .completed(let response, let interval?)):
                let next = timers.backedOff(interval)
                storage = .completed(response: response, timerG: next)
                return [.sendResponse(response), .startTimer(.G, after: next)]
            case (.H, .completed):
                // §17.2.1: the ACK never came; the TU learns the transaction failed.
                storage = .terminated
                return [.informTUOfTimeout, .terminate]
            case (.I, .confirmed), (.L, .accepted):
                storage = .terminated
                return [.terminate]
            default:
                return []
            }
        }

        /// The transport could not send a response: inform the TU and stay (RFC 6026 §8.8, which
        /// replaced §17.2.4's move to Terminated — a terminated transaction would let the next
        /// retransmitted INVITE reach the TU as a new request).
        public func transportError() -> [SIPTransactionAction] {
            if case .terminated = storage { return [] }
            return [.informTUOfTransportError]
        }

        /// The 100 Trying the transaction sends on its own (§17.2.1): Via, From, To (without a
        /// tag: §8.2.6.2 lets a 100 go without one), Call-ID and CSeq copied from the INVITE
        /// (§8.2.6.2), and Timestamp too (§8.2.6.1).
        static func trying(for request: SIPRequest) -> SIPResponse {
            var headers = SIPHeaders()
            for name in [SIPHeaderName.via, .from, .to, .callID, .cseq, "Timestamp"] {
                for value in request.headers[name] { headers.add(name, value) }
            }
            return SIPResponse(status: 100, reason: "Trying", headers: headers)
        }
    }
}
