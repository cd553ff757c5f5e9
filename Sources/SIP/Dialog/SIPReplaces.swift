/// The Replaces header field (RFC 3891): the dialog an INVITE is to take the place of, named
/// as the recipient of the INVITE knows it — `to-tag` is the recipient's own tag in that
/// dialog, `from-tag` the other party's (§3). An attended transfer sends it: the transferee's
/// INVITE replaces the transferor's dialog with the transfer target.
public struct SIPReplaces: Sendable, Hashable, CustomStringConvertible {
    public var callID: String
    public var toTag: String
    public var fromTag: String
    /// `early-only`: replace the dialog only while it is early (§6.1).
    public var earlyOnly: Bool

    public init(callID: String, toTag: String, fromTag: String, earlyOnly: Bool = false) {
        self.callID = callID
        self.toTag = toTag
        self.fromTag = fromTag
        self.earlyOnly = earlyOnly
    }

    /// The Replaces that names `dialog` to its remote party (who is to receive the INVITE).
    public init(naming dialog: SIPDialog) {
        self.init(callID: dialog.callID, toTag: dialog.remoteTag, fromTag: dialog.localTag)
    }

    /// Whether this names `dialog` as its own side knows it: the recipient of the INVITE
    /// (§3) finds the dialog it is to replace by its own tag in `to-tag`.
    public func names(_ dialog: SIPDialog) -> Bool {
        callID == dialog.callID && toTag == dialog.localTag && fromTag == dialog.remoteTag
    }

    /// Parses a Replaces value: `callid *( ";" replaces-param )` with exactly one `to-tag` and
    /// one `from-tag` (§6.1); `nil` when either is missing or repeated, or the Call-ID is empty
    /// or holds white space.
    public init?(_ value: String) {
        let parts = value.split(separator: ";", omittingEmptySubsequences: false).map { SIPCharacterClass.trimmed($0) }
        guard let callID = parts.first, !callID.isEmpty, !callID.utf8.contains(where: SIPCharacterClass.isWhitespace) else { return nil }
        var toTag: String?
        var fromTag: String?
        var earlyOnly = false
        for part in parts.dropFirst() {
            let pair = part.split(separator: "=", maxSplits: 1).map { SIPCharacterClass.trimmed($0) }
            guard let name = pair.first, !name.isEmpty else { return nil }
            switch name.lowercased() {
            case "to-tag":
                guard toTag == nil, pair.count == 2, !pair[1].isEmpty else { return nil }
                toTag = pair[1]
            case "from-tag":
                guard fromTag == nil, pair.count == 2, !pair[1].isEmpty else { return nil }
                fromTag = pair[1]
            case "early-only":
                earlyOnly = true
            default:
                continue
            }
        }
        guard let toTag, let fromTag else { return nil }
        self.init(callID: callID, toTag: toTag, fromTag: fromTag, earlyOnly: earlyOnly)
    }

    public var description: String {
        callID + ";to-tag=" + toTag + ";from-tag=" + fromTag + (earlyOnly ? ";early-only" : "")
    }
}
