import Domain
import Foundation
import NIOCore
import SIP

extension B2BUA {
    /// Sends `text` as a SIP MESSAGE (RFC 3428: text/plain, outside any dialog) to every
    /// registered contact of `users`, and reports how many answered 2xx once every one has
    /// answered or timed out (Timer F).
    func sendText(_ text: String, toUsers users: [String], configuration: SystemState) async -> SystemPhoneTextOutcome {
        let contacts = users.flatMap { user in registrar.reachableContacts(ofUser: user, in: configuration).map { (user, $0) } }
        guard !contacts.isEmpty else { return SystemPhoneTextOutcome(contacts: 0, delivered: 0, refusals: []) }
        let statuses = await withTaskGroup(of: Int.self) { group in
            for (user, contact) in contacts {
                let request = Self.message(text, to: contact, user: user, realm: registrar.realm)
                group.addTask { [signalling] in
                    await withCheckedContinuation { (continuation: CheckedContinuation<Int, Never>) in
                        let once = OneShot(continuation)
                        _ = signalling.send(request, to: .phone(over: contact.peer, contact: contact.contact)) { event in
                            switch event {
                            case .response(let response) where response.isProvisional: return
                            case .response(let response): once.resume(response.status)
                            case .timedOut, .transportError: once.resume(408)
                            }
                        }
                    }
                }
            }
            var statuses: [Int] = []
            for await status in group { statuses.append(status) }
            return statuses
        }
        let refusals = statuses.filter { !(200..<300).contains($0) }
        return SystemPhoneTextOutcome(contacts: statuses.count, delivered: statuses.count - refusals.count, refusals: refusals)
    }

    static func message(_ text: String, to contact: ReachableContact, user: String, realm: String) -> SIPRequest {
        var headers = SIPHeaders()
        headers.add(.maxForwards, "70")
        headers.add(.from, "\"Callplane\" <sip:callplane@" + realm + ">;tag=" + SIPTag.random())
        headers.add(.to, "<sip:" + user + "@" + realm + ">")
        headers.add(.callID, UUID().uuidString.lowercased() + "@" + realm)
        headers.add(.cseq, SIPCSeq(1, .message).description)
        headers.add(.contentType, "text/plain;charset=UTF-8")
        return SIPRequest(method: .message, uri: contact.contact, headers: headers, body: ByteBuffer(string: text))
    }
}
