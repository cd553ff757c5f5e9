import Domain
import SIP

extension Registrar {
    /// Who places a call: the terminal an INVITE comes from, or the answer that stops it.
    enum CallerIdentification {
        case terminal(Terminal)
        /// 407 with fresh challenges, 403 or 400: answer it and go no further.
        case refused(SIPResponse, RegistrationAttempt)
    }

    /// Identifies the terminal an out-of-dialog request comes from (manual §2.9.6: only
    /// configured terminals place calls). A request over the flow a terminal registered on is
    /// that terminal's; any other must prove a terminal's password with digest in
    /// Proxy-Authorization (RFC 3261 §22.3), the username naming the terminal.
    ///
    /// - Parameter provingPassword: ask for the password even over a registered flow — for what
    ///   changes the system's security (the remote maintenance codes), since a UDP source
    ///   address can be forged but a challenge's answer cannot.
    func identifyCaller(
        _ request: SIPRequest, from peer: SIPPeer, configuration: SystemState, toTag: String,
        provingPassword: Bool = false
    ) -> CallerIdentification {
        if !provingPassword, let id = terminal(registeredFrom: peer), let terminal = configuration.terminals[String(id)] {
            return .terminal(terminal)
        }
        let username = (try? request.headers.digestCredentials(.proxyAuthorization))?.first { $0.realm == realm }?.username ?? ""
        let terminal = username.isEmpty ? nil : directory(of: configuration).terminal(named: username)
        let password = terminal.flatMap { try? sealing.open($0.password) }
        switch authenticate(request, registrationName: username, password: password) {
        case .missing:
            return .refused(challenge(request, stale: false, toTag: toTag), .challenged)
        case .stale:
            return .refused(challenge(request, stale: true, toTag: toTag), .challenged)
        case .malformed(let rule):
            return .refused(SIPResponse(answering: request, status: 400, reason: "Bad Request (Proxy-Authorization: \(rule))", toTag: toTag), .malformed)
        case .failed(let reason):
            return .refused(SIPResponse(answering: request, status: 403, reason: "Forbidden (\(reason))", toTag: toTag), .failed)
        case .authenticated:
            guard let terminal else {
                return .refused(SIPResponse(answering: request, status: 403, reason: "Forbidden (no such terminal)", toTag: toTag), .failed)
            }
            return .terminal(terminal)
        }
    }
}
