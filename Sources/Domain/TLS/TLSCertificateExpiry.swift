/// How near the system's TLS certificate is to its end, in the steps Tab. 24 reports: "TLS
/// certificate expires soon" is *serious* while the certificate is about to expire and
/// *critical* once it has.
///
/// The order matters: the expiry monitor reports a step only when it is later than the one
/// already reported, so each is raised once per certificate (a server that was down through
/// the whole warning period reports `expired` alone).
public enum TLSCertificateExpiry: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case valid
    case expiresSoon = "expires_soon"
    case expired

    /// "Soon" is the last 30 days: time to get a certificate through a company's CA, and the
    /// span most certificate monitors warn in.
    public static let warningPeriod: Int64 = 30 * 86_400_000_000

    /// The step of a certificate that is valid until `notAfter` (exclusive), at `at`; both in
    /// microseconds since the epoch.
    public static func of(notAfter: Int64, at: Int64) -> TLSCertificateExpiry {
        if at >= notAfter { return .expired }
        return at >= warningStart(notAfter: notAfter) ? .expiresSoon : .valid
    }

    /// When the warning period of a certificate valid until `notAfter` begins.
    public static func warningStart(notAfter: Int64) -> Int64 {
        notAfter < Int64.min + warningPeriod ? Int64.min : notAfter - warningPeriod
    }

    /// The next instant after `at` at which the step of a certificate valid until `notAfter`
    /// changes, or `nil` once it has expired: the monitor's next deadline.
    public static func nextChange(notAfter: Int64, after at: Int64) -> Int64? {
        let start = warningStart(notAfter: notAfter)
        if at < start { return start }
        return at < notAfter ? notAfter : nil
    }

    private var rank: Int {
        switch self {
        case .valid: 0
        case .expiresSoon: 1
        case .expired: 2
        }
    }

    public static func < (lhs: TLSCertificateExpiry, rhs: TLSCertificateExpiry) -> Bool { lhs.rank < rhs.rank }
}
