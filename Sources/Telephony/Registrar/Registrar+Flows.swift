import Domain
import SIP

extension Registrar.Guarded {
    /// Remembers `peer` as the flow of the contacts a REGISTER just bound or refreshed, and
    /// forgets the flows of contacts the terminal no longer has.
    mutating func keepFlows(of terminal: Int, bindings: [RegistrationTable.Binding], registeredNow request: RegistrationTable.Request, over peer: SIPPeer) {
        var flows = self.flows[terminal] ?? [:]
        let live = Set(bindings.map(\.contact))
        flows = flows.filter { live.contains($0.key) }
        if case .update(let contacts) = request {
            for contact in contacts where live.contains(contact.contact) { flows[contact.contact] = peer }
        }
        self.flows[terminal] = flows.isEmpty ? nil : flows
    }
}

extension Registrar {
    /// Every live contact of the terminals of `userNumber` that a request can be sent to now,
    /// at most ``CapacityLimit/terminalsPerUser`` of them, in the order the terminals were
    /// created (issue 15 point 4: a call forks to every registered terminal of the user, ≤ 16).
    public func reachableContacts(ofUser userNumber: String, in configuration: SystemState) -> [ReachableContact] {
        let terminals = directory(of: configuration).terminals(ofUser: userNumber)
        guard !terminals.isEmpty else { return [] }
        let now = clock.now()
        return guarded.withLock { guarded in
            var reachable: [ReachableContact] = []
            for terminal in terminals {
                for binding in guarded.table.bindings(of: terminal.id) where binding.expiresAt > now {
                    guard let peer = guarded.flows[terminal.id]?[binding.contact], let uri = try? SIPAddrSpec(binding.contact) else { continue }
                    reachable.append(ReachableContact(terminal: terminal.id, contact: uri, peer: peer))
                }
            }
            return Array(reachable.prefix(CapacityLimit.terminalsPerUser.max))
        }
    }

    /// The terminal a request from `peer` comes from: the one whose live binding registered over
    /// the same flow (transport, address and port), if only one did.
    public func terminal(registeredFrom peer: SIPPeer) -> Int? {
        let source = peer.source
        return guarded.withLock { $0.table.terminal(registeredFrom: source) }
    }
}
