import Domain
import EventLog
import Logging
import NIOCore
import SIP
import Synchronization

/// Registers the system's SIP accounts with their providers (issue 16, point 1; RFC 3261
/// §10.2) and raises "SIP account not available" / "SIP account available" (manual Tab. 24)
/// exactly when an account's availability changes — only for providers that require
/// registration, as the manual says.
///
/// Time comes from the injected clock: ``tick()`` is called every second of it, so re-registering
/// an hour later and backing off for half an hour run in virtual time. The REGISTERs themselves go
/// through the SIP transaction layer (``CallSignalling``), whose retransmissions and Timer F run
/// on real time.
///
/// Providers are reached through ``TrunkFlows``: over the server's UDP listener, or over a TCP or
/// TLS connection the server opens. A registration made over a connection is the way the
/// provider reaches the system, so when that connection closes the account registers again
/// (RFC 5626 §4.4's flow recovery, without its instance identifiers).
public final class TrunkRegistrar: Sendable {
    private let signalling: any CallSignalling
    let flows: any TrunkFlows
    let sealing: any SecretSealing
    private let clock: any WallClock
    private let raise: @Sendable (EventMessageRequest) -> Void
    private let logger: Logger

    struct Table {
        var registrations: [Int: TrunkRegistration] = [:]
        var nextGeneration = 1
        /// The providers' resolved addresses (`ip port` → provider number): a request from one of
        /// them is a call from the public network, not from a phone. The port is part of it:
        /// phones and a provider (or a session border controller in front of it) may share an
        /// address.
        var providerAddresses: [String: Int] = [:]
    }

    let table = Mutex(Table())

    /// - Parameters:
    ///   - flows: how a provider's address is resolved and reached.
    ///   - raise: raises an event message through the command pipeline, without waiting.
    public init(
        signalling: any CallSignalling, flows: any TrunkFlows, sealing: any SecretSealing, clock: any WallClock,
        raise: @escaping @Sendable (EventMessageRequest) -> Void, logger: Logger
    ) {
        self.signalling = signalling
        self.flows = flows
        self.sealing = sealing
        self.clock = clock
        self.raise = raise
        self.logger = logger
    }

    /// Follows the configuration: an account whose provider requires registration gets a
    /// registration, starting at once; one whose settings changed starts over (keeping what was
    /// last reported, so fixing a password reports "available"); others are dropped.
    public func reconcile(with state: SystemState) {
        let trunks = state.trunks
        let now = clock.now()
        let dropped: [TrunkRegistration] = table.withLock { table in
            var kept: [Int: TrunkRegistration] = [:]
            for account in trunks.accounts.values {
                guard let provider = trunks.providers[String(account.provider)], provider.registrationRequired else { continue }
                if let current = table.registrations[account.number], current.matches(account, provider) {
                    kept[account.number] = current
                    continue
                }
                let availability =
                    table.registrations[account.number]?.machine.availability ?? Self.reported(account: account, provider: provider, in: state)
                kept[account.number] = TrunkRegistration(
                    account: account, provider: provider, generation: table.nextGeneration, availability: availability, now: now)
                table.nextGeneration += 1
            }
            // A binding the provider still holds for an address of record that is no longer
            // registered is removed (§10.2.2). One with the same address of record and registrar
            // is left alone: the new registration replaces it, and a removal racing with it could
            // remove the new binding instead.
            let dropped = table.registrations.values.filter { old in
                guard case .registered = old.machine.state else { return false }
                guard let new = kept[old.account.number] else { return true }
                return new.addressOfRecord != old.addressOfRecord || Self.nextHop(new.provider) != Self.nextHop(old.provider)
            }
            table.registrations = kept
            return dropped
        }
        for registration in dropped { Task { await unregister(registration) } }
        let providers = Array(trunks.providers.values)
        Task { await learnAddresses(of: providers) }
    }

    /// Resolves every provider's next hop, so calls from them are recognised even before an
    /// account registered or called out.
    private func learnAddresses(of providers: [SIPProvider]) async {
        var learned: [String: Int] = [:]
        for provider in providers {
            let (host, port) = Self.nextHop(provider)
            if let address = await flows.resolve(host, port: port), let key = Self.addressKey(address) { learned[key] = provider.number }
        }
        let known = learned
        table.withLock { $0.providerAddresses = known }
    }

    /// The provider a request from `address` comes from, if it is one's.
    public func provider(at address: SocketAddress) -> Int? {
        guard let key = Self.addressKey(address) else { return nil }
        return table.withLock { $0.providerAddresses[key] }
    }

    static func addressKey(_ address: SocketAddress) -> String? {
        guard let ip = address.ipAddress, let port = address.port else { return nil }
        return ip + " " + String(port)
    }

    /// Removes every binding the providers hold for the system (§10.2.2), when the server stops:
    /// a provider that still thinks the system registered would send calls into the void until
    /// the binding lapses, up to an hour later. Waits for the providers' answers at most
    /// `limit`, so a provider that does not answer does not hold up the stop.
    public func unregisterAll(within limit: Duration) async {
        let registered: [TrunkRegistration] = table.withLock { table in
            let bound = table.registrations.values.filter { if case .registered = $0.machine.state { true } else { false } }
            table.registrations = [:]
            return Array(bound)
        }
        guard !registered.isEmpty else { return }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let once = OneShot(continuation)
            Task {
                await withTaskGroup(of: Void.self) { group in
                    for registration in registered { group.addTask { await self.unregister(registration) } }
                }
                once.resume(())
            }
            Task {
                try? await Task.sleep(for: limit)
                once.resume(())
            }
        }
    }

    /// Sends the REGISTER that removes `registration`'s binding (Expires 0, §10.2.2), answering
    /// one challenge. Nothing depends on its outcome: a binding left behind lapses at the
    /// provider when its time runs out.
    private func unregister(_ old: TrunkRegistration) async {
        var registration = old
        guard let (target, contactHost) = try? await flow(for: registration.provider) else { return }
        var authorization: (SIPHeaderName, String)?
        for _ in 0..<2 {
            let request = registration.request(expires: 0, contactHost: contactHost, authorization: authorization)
            let response: SIPResponse? = await withCheckedContinuation { continuation in
                let once = OneShot(continuation)
                _ = signalling.send(request, to: target) { event in
                    switch event {
                    case .response(let response) where response.isProvisional: return
                    case .response(let response): once.resume(response)
                    case .timedOut, .transportError: once.resume(nil)
                    }
                }
            }
            logger.info(
                "SIP account unregistered",
                metadata: ["account": "\(registration.account.number)", "outcome": "\(response.map { "\($0.status)" } ?? "no answer")"])
            guard authorization == nil, let response, response.status == 401 || response.status == 407,
                let challenge = SIPDigestChallenge.preferred(
                    among: response.headers.digestChallenges(response.status == 401 ? .wwwAuthenticate : .proxyAuthenticate)),
                let answer = try? answer(challenge, for: registration.account, method: .register, uri: registration.registrarURI.description, nonceCount: 1)
            else { return }
            authorization = (response.status == 407 ? .proxyAuthorization : .authorization, answer)
        }
    }

    /// What the log last said of the account: a "SIP account not available" still active means
    /// it was down when the server stopped, so its first success must report the recovery.
    static func reported(account: SIPAccount, provider: SIPProvider, in state: SystemState) -> TrunkAvailability {
        let open = state.eventMessages.active.values.first { message in
            message.type == EventCatalogue.Key.sipAccountNotAvailable && message.parameters["provider"] == provider.name
                && message.parameters["account"] == account.user
        }
        guard let open else { return .unknown }
        return .notAvailable(open.parameters["cause"].flatMap(Int.init).flatMap(TrunkFailureCause.init) ?? .providerUnobtainable)
    }

    /// Starts every REGISTER that is due at the clock's time.
    public func tick() {
        let now = clock.now()
        let due: [(Int, Int, TrunkRegistration.StateMachine.Action)] = table.withLock { table in
            var due: [(Int, Int, TrunkRegistration.StateMachine.Action)] = []
            for number in table.registrations.keys.sorted() {
                let action = table.registrations[number]!.machine.due(at: now)
                guard action != .none else { continue }
                table.registrations[number]!.lastAttemptAt = now
                due.append((number, table.registrations[number]!.generation, action))
            }
            return due
        }
        for (number, generation, action) in due { perform(action, account: number, generation: generation) }
    }

    /// Every registration, by account number.
    public func statuses() -> [TrunkRegistrationStatus] {
        table.withLock { table in
            table.registrations.keys.sorted().map { number in
                let registration = table.registrations[number]!
                let machine = registration.machine
                var status = TrunkRegistrationStatus(
                    account: number, provider: registration.provider.number, phase: .waiting, availability: machine.availability,
                    failures: machine.failures, lastOutcome: registration.lastOutcome, lastAttemptAt: registration.lastAttemptAt)
                switch machine.state {
                case .waiting(let until):
                    status.nextAttemptAt = until
                case .registering:
                    status.phase = .registering
                case .registered(let expiresAt, let refreshAt):
                    status.phase = .registered
                    status.expiresAt = expiresAt
                    status.nextAttemptAt = refreshAt
                }
                return status
            }
        }
    }

    // MARK: Attempts

    private func perform(_ action: TrunkRegistration.StateMachine.Action, account number: Int, generation: Int) {
        switch action {
        case .none:
            return
        case .report(let availability):
            report(availability, account: number, generation: generation)
        case let .register(expires, challenge, proxy):
            Task { await send(account: number, generation: generation, expires: expires, challenge: challenge, proxy: proxy) }
        }
    }

    private func send(account number: Int, generation: Int, expires: Int, challenge: SIPDigestChallenge?, proxy: Bool) async {
        guard let registration = current(number, generation) else { return }
        let target: SIPTarget
        let contactHost: String
        do {
            (target, contactHost) = try await flow(for: registration.provider)
        } catch {
            logger.warning("SIP provider unreachable", metadata: ["account": "\(number)", "reason": "\(error.reason)"])
            finish(number, generation, outcome: error.reason) { $0.failed(at: $1) }
            return
        }
        if target.peer.transport.isReliable { watch(target.peer, account: number, generation: generation) }
        var authorization: (SIPHeaderName, String)?
        if let challenge {
            do {
                let count: UInt32 = table.withLock { table in
                    let next = (table.registrations[number]?.nonceCounts[challenge.nonce] ?? 0) + 1
                    table.registrations[number]?.nonceCounts = [challenge.nonce: next]
                    return next
                }
                authorization = (
                    proxy ? .proxyAuthorization : .authorization,
                    try answer(challenge, for: registration.account, method: .register, uri: registration.registrarURI.description, nonceCount: count)
                )
            } catch {
                logger.error("cannot answer the provider's challenge", metadata: ["account": "\(number)", "error": "\(error)"])
                finish(number, generation, outcome: "cannot answer the challenge") { $0.failed(at: $1) }
                return
            }
        }
        let request: SIPRequest? = table.withLock { table in
            guard table.registrations[number]?.generation == generation else { return nil }
            return table.registrations[number]!.request(expires: expires, contactHost: contactHost, authorization: authorization)
        }
        guard let request else { return }
        _ = signalling.send(request, to: target) { [self] event in
            switch event {
            case .response(let response) where response.isProvisional:
                return
            case .response(let response):
                let challenges = response.headers.digestChallenges(.wwwAuthenticate)
                let proxyChallenges = response.headers.digestChallenges(.proxyAuthenticate)
                let granted = Self.granted(response, contactHost: contactHost)
                let minExpires = response.headers.first(.minExpires).flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
                finish(number, generation, outcome: "\(response.status) \(response.reason)") { machine, now in
                    machine.answered(
                        status: response.status, challenges: challenges, proxyChallenges: proxyChallenges, granted: granted, minExpires: minExpires,
                        at: now)
                }
            case .timedOut:
                finish(number, generation, outcome: "no answer") { $0.failed(at: $1) }
            case .transportError:
                finish(number, generation, outcome: "transport error") { $0.failed(at: $1) }
            }
        }
    }

    /// Follows the connection a registration was made over: the provider reaches the system by
    /// it, so when it closes the account registers again (over a new one).
    private func watch(_ peer: SIPPeer, account number: Int, generation: Int) {
        let isNew = table.withLock { table in
            guard table.registrations[number]?.generation == generation else { return false }
            if let watched = table.registrations[number]!.flow, watched.sharesFlow(with: peer) { return false }
            table.registrations[number]!.flow = peer
            return true
        }
        guard isNew else { return }
        peer.closed.whenComplete { [self] _ in flowClosed(peer, account: number, generation: generation) }
    }

    private func flowClosed(_ peer: SIPPeer, account number: Int, generation: Int) {
        let now = clock.now()
        let action: TrunkRegistration.StateMachine.Action? = table.withLock { table in
            guard table.registrations[number]?.generation == generation, let watched = table.registrations[number]!.flow, watched.sharesFlow(with: peer)
            else { return nil }
            table.registrations[number]!.flow = nil
            return table.registrations[number]!.machine.flowClosed(at: now)
        }
        guard let action else { return }
        logger.notice("the connection to the SIP provider closed; the account registers again", metadata: ["account": "\(number)", "flow": "\(peer)"])
        if action != .none { table.withLock { $0.registrations[number]?.lastAttemptAt = now } }
        perform(action, account: number, generation: generation)
    }

    /// Feeds an attempt's end to the account's machine (unless the account changed meanwhile)
    /// and performs what it answers.
    private func finish(
        _ number: Int, _ generation: Int, outcome: String,
        _ step: (inout TrunkRegistration.StateMachine, Int64) -> TrunkRegistration.StateMachine.Action
    ) {
        let now = clock.now()
        let action: TrunkRegistration.StateMachine.Action? = table.withLock { table in
            guard table.registrations[number]?.generation == generation else { return nil }
            table.registrations[number]!.lastOutcome = outcome
            return step(&table.registrations[number]!.machine, now)
        }
        if let action { perform(action, account: number, generation: generation) }
    }

    private func current(_ number: Int, _ generation: Int) -> TrunkRegistration? {
        table.withLock { table in
            guard let registration = table.registrations[number], registration.generation == generation else { return nil }
            return registration
        }
    }

    /// The Authorization (or Proxy-Authorization) value answering `challenge` with `account`'s
    /// credentials (RFC 3261 §22.2, §22.3): REGISTERs and calls over the trunk alike.
    func answer(_ challenge: SIPDigestChallenge, for account: SIPAccount, method: SIPMethod, uri: String, nonceCount: UInt32) throws -> String {
        let password = try sealing.open(account.password)
        let credentials = try SIPDigestCredentials(
            answering: challenge, username: account.authenticationName, secret: .password(password), method: method, uri: uri,
            cnonce: SIPTag.random(), nonceCount: nonceCount)
        return credentials.description
    }

    /// `address:port` of the flow's own end, for the Contact.
    static func contactHost(of target: SIPTarget) -> String? {
        guard let local = target.peer.localAddress, let ip = local.ipAddress, let port = local.port else { return nil }
        return (local.protocol == .inet6 ? "[" + ip + "]" : ip) + ":" + String(port)
    }

    private func report(_ availability: TrunkAvailability, account number: Int, generation: Int) {
        guard let registration = current(number, generation) else { return }
        var parameters = ["provider": registration.provider.name, "account": registration.account.user]
        let type: String
        switch availability {
        case .unknown:
            return
        case .available:
            type = EventCatalogue.Key.sipAccountAvailable
        case .notAvailable(let cause):
            type = EventCatalogue.Key.sipAccountNotAvailable
            parameters["cause"] = String(cause.rawValue)
        }
        logger.notice(
            "SIP account availability changed",
            metadata: ["account": "\(number)", "availability": "\(availability)", "outcome": "\(registration.lastOutcome ?? "")"])
        raise(EventMessageRequest(type: type, parameters: parameters, at: clock.now()))
    }

    /// Where the REGISTER goes: the outbound proxy when there is one (§8.1.2), else the
    /// provider's host and port.
    static func nextHop(_ provider: SIPProvider) -> (host: String, port: Int) {
        guard let proxy = provider.outboundProxy else { return (unbracketed(provider.host), provider.port) }
        if let colon = proxy.lastIndex(of: ":"), !proxy.hasSuffix("]"), let port = Int(proxy[proxy.index(after: colon)...]) {
            return (unbracketed(String(proxy[..<colon])), port)
        }
        return (unbracketed(proxy), provider.transport.defaultPort)
    }

    static func unbracketed(_ host: String) -> String {
        host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
    }

    /// The time the registrar granted our binding: the `expires` of the Contact naming our
    /// address (§10.2.4: the 200 lists every binding of the address of record), else the
    /// Expires header.
    static func granted(_ response: SIPResponse, contactHost: String) -> Int? {
        if case .addresses(let contacts)? = try? response.headers.contacts {
            let ours = contacts.first { address in
                guard let uri = address.uri.sipURI else { return false }
                return uri.host.description + (uri.port.map { ":" + String($0) } ?? "") == contactHost
            }
            if let address = ours ?? (contacts.count == 1 ? contacts.first : nil), let expires = try? address.expires { return Int(expires) }
        }
        guard let expires = try? response.headers.expires else { return nil }
        return Int(expires)
    }
}
