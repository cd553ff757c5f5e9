/// Why the transaction layer refused a value: a timer setting, a message it cannot key or build
/// from, or a response the TU passed in a state where RFC 3261 §17.2 allows none.
///
/// Messages from the network never throw once a transaction exists: a response or retransmitted
/// request the state machine has no use for is absorbed, as the figures of §17 absorb them. What
/// throws is the TU's or the configuration's mistake, named by the rule it breaks.
public struct SIPTransactionError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Rule: String, Sendable, Hashable, CaseIterable {
        /// T1 is the round-trip estimate every retransmission interval doubles from (§17.1.1.1);
        /// zero or less would retransmit without pause.
        case t1NotPositive
        /// T2 caps the interval that starts at T1 (§17.1.2.2); a cap below the start is no cap.
        case t2BelowT1
        /// T4 is how long a message may remain in the network (§17.1.2.2): a duration, not
        /// negative.
        case t4Negative
        /// T1, T2 or T4 beyond ``SIPTransactionTimers/maximumBaseInterval``: 64·T1 of such a
        /// setting would keep a transaction, and its state, for more than an hour.
        case timerTooLong
        /// A header the rule needs is missing or unreadable; ``SIPTransactionError/parseError``
        /// says which.
        case malformedMessage
        /// A request a client transaction sends must carry a branch that starts with the magic
        /// cookie and is unique to it (§8.1.1.7); responses are matched on it alone (§17.1.3).
        case missingRFC3261Branch
        /// The request does not belong to this kind of transaction: an INVITE transaction takes
        /// INVITE, a non-INVITE transaction any other method but ACK, which never creates a
        /// transaction of its own (§17: the ACK for a non-2xx belongs to the INVITE's, the ACK for
        /// a 2xx to none). A CANCEL is built from, and matched against, a request that is
        /// neither ACK nor CANCEL (§9.1, §9.2).
        case methodNotAllowed
        /// A response from the TU that the server transaction cannot send in its state: a
        /// provisional or second final response after a final one, anything but a 2xx in
        /// Accepted (§17.2.1, §17.2.2; RFC 6026 §7.1), anything once terminated.
        case responseNotAllowedInState
        /// The transaction layer acknowledges only a 300–699 final response (§17.1.1.3); the
        /// ACK of a 2xx is the TU's own request, with a branch of its own, sent in the dialog
        /// (§13.2.2.4), and a provisional response is not acknowledged at all.
        case notANon2xxFinalResponse

        var summary: String {
            switch self {
            case .t1NotPositive: "T1 must be positive"
            case .t2BelowT1: "T2 must not be below T1"
            case .t4Negative: "T4 must not be negative"
            case .timerTooLong: "timer setting too long"
            case .malformedMessage: "malformed message"
            case .missingRFC3261Branch: "no RFC 3261 branch in the top Via"
            case .methodNotAllowed: "method not allowed here"
            case .responseNotAllowedInState: "response not allowed in this transaction state"
            case .notANon2xxFinalResponse: "not a 300-699 final response"
            }
        }
    }

    public var rule: Rule
    /// What was found, e.g. the method, the state and status, or the setting's value.
    public var detail: String?
    /// The codec's error when ``rule`` is ``Rule/malformedMessage``.
    public var parseError: SIPParseError?

    public init(_ rule: Rule, detail: String? = nil, parseError: SIPParseError? = nil) {
        self.rule = rule
        self.detail = detail
        self.parseError = parseError
    }

    /// Runs `read`, which reads headers with the codec's typed accessors, and reports what it
    /// could not read as ``Rule/malformedMessage``.
    static func reading<Value>(_ read: () throws(SIPParseError) -> Value) throws(SIPTransactionError) -> Value {
        do throws(SIPParseError) {
            return try read()
        } catch {
            throw SIPTransactionError(.malformedMessage, parseError: error)
        }
    }

    public var description: String {
        var text = rule.summary
        if let detail { text += ": " + detail }
        if let parseError { text += " (" + parseError.description + ")" }
        return text
    }
}
