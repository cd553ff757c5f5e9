/// The durations of RFC 3261 Table 4 (§A) for one transaction, from the three base values T1,
/// T2 and T4 and whether the transport is reliable.
///
/// A reliable transport (TCP, TLS, SCTP) delivers or reports an error, so the retransmission
/// timers A, E and G do not run there and the timers that only wait for retransmissions — D, I,
/// J and K — are zero (§17.1.1.2, §17.1.2.2, §17.2.1, §17.2.2). A state machine does not start a
/// zero timer: it moves on at once.
public struct SIPTransactionTimers: Sendable, Hashable {
    /// §17.1.1.1: the round-trip estimate.
    public static let defaultT1: Duration = .milliseconds(500)
    /// §17.1.2.2: the longest retransmission interval of non-INVITE requests and INVITE
    /// responses.
    public static let defaultT2: Duration = .seconds(4)
    /// §17.1.2.2: the longest a message remains in the network.
    public static let defaultT4: Duration = .seconds(5)
    /// §17.1.1.2: Timer D is "at least 32 seconds for unreliable transports".
    public static let minimumTimerD: Duration = .seconds(32)
    /// §17.2.1: the INVITE server transaction sends 100 Trying itself "if TU won't in 200 ms".
    public static let tryingDelay: Duration = .milliseconds(200)
    /// The longest T1, T2 or T4 accepted (``SIPTransactionError/Rule/timerTooLong``): with T1 at
    /// this bound, Timer B, F and H already run 64 minutes.
    public static let maximumBaseInterval: Duration = .seconds(60)

    public let t1: Duration
    public let t2: Duration
    public let t4: Duration
    public let isReliableTransport: Bool

    /// - Throws: ``SIPTransactionError`` naming the rule a value breaks: T1 > 0, T2 ≥ T1, T4 ≥ 0,
    ///   each at most ``maximumBaseInterval``.
    public init(
        t1: Duration = defaultT1, t2: Duration = defaultT2, t4: Duration = defaultT4, reliableTransport: Bool
    ) throws(SIPTransactionError) {
        guard t1 > .zero else { throw SIPTransactionError(.t1NotPositive, detail: t1.description) }
        guard t2 >= t1 else { throw SIPTransactionError(.t2BelowT1, detail: t2.description + " < " + t1.description) }
        guard t4 >= .zero else { throw SIPTransactionError(.t4Negative, detail: t4.description) }
        for value in [t1, t2, t4] where value > Self.maximumBaseInterval {
            throw SIPTransactionError(.timerTooLong, detail: value.description)
        }
        self.t1 = t1
        self.t2 = t2
        self.t4 = t4
        self.isReliableTransport = reliableTransport
    }

    private init(unchecked t1: Duration, _ t2: Duration, _ t4: Duration, reliableTransport: Bool) {
        self.t1 = t1
        self.t2 = t2
        self.t4 = t4
        self.isReliableTransport = reliableTransport
    }

    /// The defaults of Table 4.
    public static func rfc3261(reliableTransport: Bool) -> SIPTransactionTimers {
        SIPTransactionTimers(unchecked: defaultT1, defaultT2, defaultT4, reliableTransport: reliableTransport)
    }

    /// The same base values for a transaction over another transport: one table's settings serve
    /// transactions over UDP and TCP alike.
    public func over(reliableTransport: Bool) -> SIPTransactionTimers {
        SIPTransactionTimers(unchecked: t1, t2, t4, reliableTransport: reliableTransport)
    }

    /// 64·T1: the time-out of a client transaction (B, F) and of the server's wait for an ACK
    /// (H), and the RFC 6026 Accepted states' wait (L, M).
    public var sixtyFourT1: Duration { t1 * 64 }

    /// Initially T1, doubling at each retransmission (§17.1.1.2); `nil` on reliable transports.
    public var timerA: Duration? { isReliableTransport ? nil : t1 }
    public var timerB: Duration { sixtyFourT1 }
    /// 64·T1 but never under 32 s on unreliable transports, zero on reliable ones (§17.1.1.2).
    /// It covers the server's retransmissions of its final response, which go on until the
    /// server's Timer H, 64·T1 of its own T1.
    public var timerD: Duration { isReliableTransport ? .zero : max(Self.minimumTimerD, sixtyFourT1) }
    /// Initially T1, then doubling up to T2 (§17.1.2.2); `nil` on reliable transports.
    public var timerE: Duration? { isReliableTransport ? nil : t1 }
    public var timerF: Duration { sixtyFourT1 }
    /// Initially T1, then doubling up to T2 (§17.2.1); `nil` on reliable transports.
    public var timerG: Duration? { isReliableTransport ? nil : t1 }
    public var timerH: Duration { sixtyFourT1 }
    /// T4 on unreliable transports, zero on reliable ones (§17.2.1).
    public var timerI: Duration { isReliableTransport ? .zero : t4 }
    /// 64·T1 on unreliable transports, zero on reliable ones (§17.2.2).
    public var timerJ: Duration { isReliableTransport ? .zero : sixtyFourT1 }
    /// T4 on unreliable transports, zero on reliable ones (§17.1.2.2).
    public var timerK: Duration { isReliableTransport ? .zero : t4 }
    /// RFC 6026 §7.1.
    public var timerL: Duration { sixtyFourT1 }
    /// RFC 6026 §8.4.
    public var timerM: Duration { sixtyFourT1 }

    /// The next interval of Timer E or G after one of `interval`: double it, but no more than T2
    /// (§17.1.2.2, §17.2.1).
    public func backedOff(_ interval: Duration) -> Duration { min(interval * 2, t2) }
}
