import Domain
import SIP

/// How the callee's phone is shown who calls (issue 15 point 4, CLIP/CLIR): the caller's user
/// number and name, or "Anonymous" when the caller asked for its identity to be withheld.
///
/// The caller's phone asks with RFC 3323's `Privacy: id` (or `header`/`user`), or by calling
/// from the anonymous URI RFC 3323 §4.1.1.3 describes; that is how SIP phones offer CLIR per
/// call. A per-user CLIR setting would land beside the user's other telephony settings.
struct CallerPresentation {
    let address: SIPAddress

    init(request: SIPRequest, user: User?, realm: String) {
        if Self.withheld(request) || user == nil {
            address = SIPAddress(displayName: "Anonymous", uri: (try? SIPAddrSpec("sip:anonymous@anonymous.invalid")) ?? request.uri)
            return
        }
        let user = user!
        let uri = (try? SIPAddrSpec("sip:" + user.number + "@" + realm)) ?? request.uri
        address = SIPAddress(displayName: user.name.isEmpty ? nil : user.name, uri: uri)
    }

    static func withheld(_ request: SIPRequest) -> Bool {
        let privacy = request.headers[SIPHeaderName("Privacy")].flatMap { $0.split(separator: ";") }.map {
            $0.trimmingCharacters(in: .whitespaces).lowercased()
        }
        if privacy.contains("id") || privacy.contains("user") || privacy.contains("header") { return true }
        return (try? request.headers.from)?.uri.sipURI?.unescapedUser?.lowercased() == "anonymous"
    }
}
