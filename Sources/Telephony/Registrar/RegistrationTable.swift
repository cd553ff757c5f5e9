import Domain

/// The registrar's live bindings (RFC 3261 §10.3), per terminal: what REGISTER requests, the
/// expiry sweep and configuration changes do to them, as a value with no I/O, so every rule is
/// tested on its own. Each operation returns the ``Change``s the registrar turns into telephony
/// facts; a refresh changes nothing the log records (issue 15, point 2).
struct RegistrationTable: Sendable {
    struct Binding: Sendable, Hashable {
        var terminal: Int
        var registrationName: String
        /// The Contact URI as registered.
        var contact: String
        /// Microseconds since the epoch.
        var expiresAt: Int64
        /// The Call-ID and CSeq of the REGISTER that last set it (§10.3 step 7); empty and 0 for
        /// a binding restored from the log at start, which any REGISTER may update.
        var callID: String
        var cseq: UInt32
        /// `transport:address:port` the REGISTER came from.
        var source: String
    }

    enum Change: Sendable, Hashable {
        case bound(Binding)
        case removed(Binding, reason: RemovalReason)
    }

    enum RemovalReason: String, Sendable {
        /// Expires 0 from the terminal (§10.2.2).
        case unregistered
        case expired
        /// Pushed out by a newer contact of the same terminal beyond the limit.
        case replaced
        case terminalDeleted = "terminal_deleted"
        /// A new password must be proven before the terminal is reachable again.
        case passwordChanged = "password_changed"
    }

    /// One contact of a REGISTER with the expiry it asked for, in seconds (§10.2.1.1: its own
    /// `expires` parameter, else the Expires header, else the registrar's default).
    struct ContactRequest: Sendable, Hashable {
        var contact: String
        var expires: Int
    }

    /// What a REGISTER asks for once read (§10.3 steps 6–7).
    enum Request: Sendable, Hashable {
        /// `Contact: *` with Expires 0: remove every binding of the terminal.
        case removeAll
        case update([ContactRequest])
        /// No Contact: only a query of the current bindings (§10.2.3).
        case query
    }

    /// Why a REGISTER is refused, with the answer §10.3 names.
    enum Refusal: Error, Sendable, Hashable {
        /// 423 with Min-Expires (§10.3 step 7, §21.4.17).
        case intervalTooBrief(minimum: Int)
        /// Same Call-ID, lower CSeq than the binding has: out of order (§10.3 step 7: "the
        /// update MUST be aborted and the request fails") — 500.
        case outOfOrder
        /// More contacts in one REGISTER than a terminal may have (``CapacityLimit/contactsPerTerminal``).
        case tooManyContacts(maximum: Int)
        /// A terminal with no binding yet while as many terminals as the system takes are
        /// registered (``CapacityLimit/registeredTerminals``, manual Tab. 14).
        case tooManyTerminals(maximum: Int)
    }

    private(set) var bindings: [Int: [Binding]] = [:]
    /// The terminals whose bindings registered from each source, so a request is tied to its
    /// terminal without walking up to 2,400 bindings (``terminal(registeredFrom:)``).
    private var terminalsBySource: [String: Set<Int>] = [:]

    /// A binding restored from the log at start.
    mutating func restore(_ binding: Binding) {
        replace(bindingsOf: binding.terminal, with: bindings(of: binding.terminal) + [binding])
    }

    /// The one terminal with a binding registered from `source`; `nil` when none has, or when
    /// several have (an adapter registering more than one line over one socket): the source then
    /// does not say which is calling, and the caller must prove it with digest.
    func terminal(registeredFrom source: String) -> Int? {
        guard let terminals = terminalsBySource[source], terminals.count == 1 else { return nil }
        return terminals.first
    }

    /// Every change to ``bindings`` goes through here, so ``terminalsBySource`` follows it.
    private mutating func replace(bindingsOf terminal: Int, with new: [Binding]) {
        for old in bindings[terminal] ?? [] {
            terminalsBySource[old.source]?.remove(terminal)
            if terminalsBySource[old.source]?.isEmpty == true { terminalsBySource[old.source] = nil }
        }
        bindings[terminal] = new.isEmpty ? nil : new
        for binding in new where !binding.source.isEmpty {
            terminalsBySource[binding.source, default: []].insert(terminal)
        }
    }

    /// Applies a REGISTER from `terminal` (already authenticated).
    /// - Parameters:
    ///   - limits: seconds (`min…max`; a longer request is shortened to `max`) and contacts per
    ///     terminal (a new contact beyond it replaces the one that expires first).
    mutating func register(
        terminal: Int, registrationName: String, _ request: Request, callID: String, cseq: UInt32, source: String, now: Int64,
        expiry: ClosedRange<Int>, contactsPerTerminal: Int, registeredTerminals: Int = CapacityLimit.registeredTerminals.max
    ) throws(Refusal) -> [Change] {
        var current = bindings[terminal] ?? []
        var changes: [Change] = []
        switch request {
        case .query:
            return []
        case .removeAll:
            for binding in current {
                guard binding.callID != callID || cseq > binding.cseq else { throw .outOfOrder }
            }
            changes = current.map { .removed($0, reason: .unregistered) }
            current = []
        case .update(let contacts):
            if contacts.contains(where: { $0.expires > 0 && $0.expires < expiry.lowerBound }) {
                throw .intervalTooBrief(minimum: expiry.lowerBound)
            }
            guard contacts.filter({ $0.expires > 0 }).count <= contactsPerTerminal else { throw .tooManyContacts(maximum: contactsPerTerminal) }
            if current.isEmpty, contacts.contains(where: { $0.expires > 0 }), bindings.count >= registeredTerminals {
                throw .tooManyTerminals(maximum: registeredTerminals)
            }
            for request in contacts {
                let index = current.firstIndex { $0.contact == request.contact }
                if let index {
                    let existing = current[index]
                    if existing.callID == callID {
                        // The same REGISTER again (a retransmission) changes nothing; an older
                        // one must not undo a newer one.
                        if cseq == existing.cseq { continue }
                        guard cseq > existing.cseq else { throw .outOfOrder }
                    }
                }
                if request.expires == 0 {
                    if let index { changes.append(.removed(current.remove(at: index), reason: .unregistered)) }
                    continue
                }
                let seconds = min(request.expires, expiry.upperBound)
                let binding = Binding(
                    terminal: terminal, registrationName: registrationName, contact: request.contact,
                    expiresAt: now + Int64(seconds) * 1_000_000, callID: callID, cseq: cseq, source: source)
                if let index {
                    current[index] = binding
                } else {
                    current.append(binding)
                    changes.append(.bound(binding))
                }
            }
            let requested = Set(contacts.map(\.contact))
            while current.count > contactsPerTerminal,
                let oldest = current.indices.filter({ !requested.contains(current[$0].contact) }).min(by: { current[$0].expiresAt < current[$1].expiresAt })
            {
                changes.append(.removed(current.remove(at: oldest), reason: .replaced))
            }
        }
        replace(bindingsOf: terminal, with: current)
        return changes
    }

    /// Removes every binding whose time has come (§10.3: a binding lapses at its expiry).
    mutating func expire(now: Int64) -> [Change] {
        var changes: [Change] = []
        for (terminal, current) in bindings {
            let lapsed = current.filter { $0.expiresAt <= now }
            guard !lapsed.isEmpty else { continue }
            changes += lapsed.map { .removed($0, reason: .expired) }
            replace(bindingsOf: terminal, with: current.filter { $0.expiresAt > now })
        }
        return changes.sorted { ($0.binding.terminal, $0.binding.contact) < ($1.binding.terminal, $1.binding.contact) }
    }

    /// Removes every binding of a terminal at once: it was deleted, or its password changed
    /// (issue 15, point 2: "takes effect at once").
    mutating func remove(terminal: Int, reason: RemovalReason) -> [Change] {
        let current = bindings(of: terminal)
        replace(bindingsOf: terminal, with: [])
        return current.map { .removed($0, reason: reason) }
    }

    func bindings(of terminal: Int) -> [Binding] { bindings[terminal] ?? [] }

    /// Terminals with at least one binding.
    var registeredTerminals: Dictionary<Int, [Binding]>.Keys { bindings.keys }
}

extension RegistrationTable.Change {
    var binding: RegistrationTable.Binding {
        switch self {
        case .bound(let binding), .removed(let binding, _): binding
        }
    }
}
