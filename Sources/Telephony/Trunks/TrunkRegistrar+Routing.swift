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

    /// Where a call to `provider` is sent and the `address:port` its Contact names, or `nil`
    /// when the provider's host does not resolve or no UDP listener reaches it.
    func target(for provider: SIPProvider) async -> (target: SIPTarget, contactHost: String)? {
        let (host, port) = Self.nextHop(provider)
        guard let address = await resolve(host, port), let target = route(address), let contactHost = Self.contactHost(of: target) else { return nil }
        return (target, contactHost)
    }

    /// The Authorization (or Proxy-Authorization) value answering `challenge` for a request of
    /// `account` (RFC 3261 §22.2, §22.3); `nil` when the account is gone or its password cannot
    /// be unsealed.
    func authorization(account number: Int, in state: SystemState, challenge: SIPDigestChallenge, method: SIPMethod, uri: String) -> String? {
        guard let account = state.trunks.accounts[String(number)] else { return nil }
        return try? answer(challenge, for: account, method: method, uri: uri, nonceCount: 1)
    }
}
