import NIOCore

/// What every transport does with what it read, whatever its framing: answer a malformed request
/// with the 400 its error allows and report it, stamp a request's top Via, and hand the message
/// to the ``SIPTransportUser``.
enum SIPInbound {
    static func deliver(_ result: Result<SIPMessage, SIPParseError>, from peer: SIPPeer, to user: any SIPTransportUser) {
        guard user.admits(peer) else { return }
        switch result {
        case .failure(let error):
            if var response = error.badRequestResponse() {
                response.headers.addToTagIfMissing(SIPTag.random())
                switch peer.transport {
                case .udp: peer.send(.response(response), to: SIPResponseRouting.destination(ofUnstamped: response, source: peer.remoteAddress))
                case .tcp, .tls: peer.send(response)
                }
            }
            user.refused(error, from: peer)
        case .success(.response(let response)):
            user.received(.response(response), from: peer)
        case .success(.request(var request)):
            do throws(SIPParseError) {
                try request.stampReceived(from: peer.remoteAddress)
            } catch {
                // The parser read the top Via already; a request whose Via cannot be rewritten
                // gets the same answer as one whose Via could not be read.
                user.refused(error, from: peer)
                return
            }
            user.received(.request(request), from: peer)
        }
    }
}
