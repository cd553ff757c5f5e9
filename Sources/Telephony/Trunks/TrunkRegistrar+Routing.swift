import Domain
import NIOCore
import SIP

extension TrunkRegistrar {
    /// The account an outside call goes out on (issue 16, point 2): the first by number whose
    /// provider is usable — registration not required, or not reported unavailable — and that
    /// has a channel free (`busy` counts the calls each account carries now).
    ///
    /// An emergency call takes the first usable account even when its channels are all in use
    /// ("before any other check"); when every account is unusable there is no trunk for it and
    /// the call core falls back to the internal destination.
    public func outgoingAccount(in state: SystemState, emergency: Bool, busy: (Int) -> Int) -> (account: SIPAccount, provider: SIPProvider)? {
        let unavailable: Set<Int> = table.withLock { table in
            Set(
                table.registrations.compactMap { number, registration in
                    if case .notAvailable = registration.machine.availability { return number }
                    return nil
                })
        }
        let trunks = state.trunks
        let usable = trunks.accounts.values.sorted { $0.number < $1.number }.compactMap { account -> (SIPAccount, SIPProvider)? in
            guard let provider = trunks.providers[String(account.provider)] else { return nil }
            guard !provider.registrationRequired || !unavailable.contains(account.number) else { return nil }
            return (account, provider)
        }
        if emergency { return usable.first }
        return usable.first { account, _ in busy(account.number) < account.channels }
    }

    /// Where requests to `provider` go — its REGISTERs and calls — and the `address:port` their
    /// Contact names: the flow's own end, which on a connection is how the provider reaches the
    /// system again (a new connection to a listener may be refused by a firewall or a NAT that
    /// the open one already passed).
    func flow(for provider: SIPProvider) async throws(TrunkUnreachable) -> (target: SIPTarget, contactHost: String) {
        let (host, port) = Self.nextHop(provider)
        guard let address = await flows.resolve(host, port: port) else { throw TrunkUnreachable("\(host) does not resolve") }
        if let key = Self.addressKey(address) { table.withLock { $0.providerAddresses[key] = provider.number } }
        let isAddress = (try? SocketAddress(ipAddress: host, port: 0)) != nil
        let target = try await flows.flow(to: address, over: provider.transport, serverName: isAddress ? nil : host, caFile: provider.caFile)
        guard let contactHost = Self.contactHost(of: target) else { throw TrunkUnreachable("the flow to \(address) has no local address") }
        return (target, contactHost)
    }

    /// The Contact of a REGISTER or a call over a trunk: the account at the flow's own address,
    /// with the transport when it is not UDP (RFC 3261 §19.1.1), so the provider's requests come
    /// back the same way.
    static func contact(user: String, at contactHost: String, over transport: TrunkTransport) -> String {
        "<sip:" + user + "@" + contactHost + (transport == .udp ? "" : ";transport=" + transport.rawValue) + ">"
    }

    /// The Authorization (or Proxy-Authorization) value answering `challenge` for a request of
    /// `account` (RFC 3261 §22.2, §22.3); `nil` when the account is gone or its password cannot
    /// be unsealed.
    func authorization(account number: Int, in state: SystemState, challenge: SIPDigestChallenge, method: SIPMethod, uri: String) -> String? {
        guard let account = state.trunks.accounts[String(number)] else { return nil }
        return try? answer(challenge, for: account, method: method, uri: uri, nonceCount: 1)
    }
}
