import Domain

/// A function code dialled from a terminal (manual Tab. 23 and Tab. 24): a string that begins
/// with `*` or `#`, which no call number does, and that the call core resolves before the
/// numbering plan.
///
/// The remote maintenance codes switch the same setting as the admin API's
/// `PUT /api/v1/remote-maintenance` — one ``Command``, so the rules and event messages stay one
/// (§5.4.1: "All enabling types have equal authorization status"). `*77` raises "USER EVENT
/// MESSAGE" with the digits that follow.
public enum FunctionCode: Sendable, Hashable {
    /// `*754`: remote maintenance enabled once (§5.4.2).
    case enableOneOffRemoteMaintenance
    /// `#754`: bars the one-off access before it is used (§5.4.2).
    case barOneOffRemoteMaintenance
    /// `*753`: remote maintenance enabled until barred by hand (§5.4.2).
    case enablePermanentRemoteMaintenance
    /// `#753`: bars the permanent access (§5.4.2).
    case barPermanentRemoteMaintenance
    /// `*77` followed by 1 to 5 digits (Tab. 24, "nnnn [0000...99999]"), kept as dialled.
    case userEventMessage(String)

    /// The digits `*77` takes: Tab. 24 writes the code `*77[nnnn]` and its range
    /// `[0000...99999]` — a number up to 99999, which SIP phones send en bloc with or without the
    /// leading zeros (issue 15 dials `*77123`), so one to five digits.
    public static let userEventMessageDigits = 1...5

    /// What a dialled string is with respect to the function codes.
    public enum Resolution: Sendable, Hashable {
        case code(FunctionCode)
        /// The beginning of a code: 484 Address Incomplete (RFC 3261 §21.4.22), so a phone
        /// that dials with overlap (RFC 3578) sends more.
        case incomplete
        /// Begins with `*` or `#` but is no code and cannot become one: 404 Not Found, as an
        /// unknown number.
        case unknown
        /// Not in the function codes' name space (no leading `*` or `#`): the numbering plan's.
        case notAFunctionCode
    }

    /// The remote maintenance mode the code asks for, `nil` for `*77`. Both bar codes bar
    /// whatever access is enabled: §5.4.1 gives every way of enabling and barring the same
    /// standing, so `#754` also ends a permanent access and `#753` a one-off one.
    public var remoteMaintenanceMode: RemoteMaintenanceMode? {
        switch self {
        case .enableOneOffRemoteMaintenance: .oneOff
        case .enablePermanentRemoteMaintenance: .permanent
        case .barOneOffRemoteMaintenance, .barPermanentRemoteMaintenance: .barred
        case .userEventMessage: nil
        }
    }

    /// The code as the user dials it.
    public var dialString: String {
        switch self {
        case .enableOneOffRemoteMaintenance: "*754"
        case .barOneOffRemoteMaintenance: "#754"
        case .enablePermanentRemoteMaintenance: "*753"
        case .barPermanentRemoteMaintenance: "#753"
        case .userEventMessage(let digits): "*77" + digits
        }
    }
}
