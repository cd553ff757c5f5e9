import ControlPlane
import Domain
import EventLog
import Logging
import SIP
import Synchronization

/// The registrar of the configured SIP terminals (RFC 3261 §10.3; manual §2.9.6): it
/// authenticates each REGISTER with digest (RFC 3261 §22, RFC 8760: SHA-256 offered first, then
/// MD5), keeps the bindings, and records each binding that appears or disappears as a telephony
/// fact (`registration.bound` / `registration.removed`, issue 15 point 2). Refreshes are not
/// recorded.
///
/// Signalling does not wait for the disk (docs/architecture.md): a REGISTER is answered once the
/// table changed and its facts are queued for the next group commit. A fact lost to a crash
/// between the two is a binding the phone renews at its next refresh.
///
/// Called on the event loops of the SIP listeners: the table is behind one mutex, held only for
/// the table operation itself.
public final class Registrar: Sendable {
    struct Guarded {
        var table = RegistrationTable()
        /// The configured terminals by registration name and by user (``TerminalDirectory``).
        var directory = TerminalDirectory([:])
        /// The sealed password each registered terminal proved, so a changed password ends its
        /// bindings at once.
        var provenPasswords: [Int: SealedSecret] = [:]
        /// The flow each live contact registered over, by terminal and contact: a call reaches the
        /// phone the way its REGISTER came (RFC 5626 §5's idea without its extension: the same
        /// connection, or the datagram socket and source address, which is what gets through a
        /// NAT). Bindings restored from the log have none until the phone refreshes.
        var flows: [Int: [String: SIPPeer]] = [:]
    }

    /// The realm of every challenge: one per system (§22.1 asks for a realm unique to the
    /// protection space; the registration names are unique in the system).
    public let realm: String
    let guarded = Mutex(Guarded())
    let facts: FactAppender
    let sealing: any SecretSealing
    let clock: any WallClock
    let verifier: SIPDigestVerifier
    let logger: Logger

    /// - Parameter algorithms: the challenges offered, most preferred first.
    public init(
        realm: String, algorithms: [SIPDigestAlgorithm], facts: FactAppender, sealing: any SecretSealing, clock: any WallClock, logger: Logger
    ) {
        self.realm = realm
        self.facts = facts
        self.sealing = sealing
        self.clock = clock
        // The nonce key comes from the server's secret, so nonces outlive a restart: phones that
        // were challenged just before it need not start over.
        let secret = sealing.authenticationCode([], purpose: "sip digest nonce")
        self.verifier = SIPDigestVerifier(realm: realm, nonces: SIPDigestNonce(secret: secret), algorithms: algorithms)
        self.logger = logger
    }

    /// The canonical address of record of a terminal: its registration name in the registrar's
    /// realm, whatever host the phone wrote in its To.
    func addressOfRecord(_ registrationName: String) -> String { "sip:" + registrationName + "@" + realm }

    /// Seeds the table from the bindings the log holds, at start. It appends nothing: bindings
    /// whose terminal is gone are removed by the first ``reconcile(with:)``, those that lapsed
    /// while the server was down by the first ``expire()``, each with its fact.
    public func restore(from registrations: ActiveRegistrations, configuration: SystemState) {
        guarded.withLock { guarded in
            for (_, contacts) in registrations.bindings {
                for binding in contacts.values {
                    let name = binding.addressOfRecord.dropFirst("sip:".count).prefix { $0 != "@" }
                    guarded.table.restore(
                        RegistrationTable.Binding(
                            terminal: binding.terminal ?? 0, registrationName: String(name), contact: binding.contact,
                            expiresAt: binding.expiresAt, callID: "", cseq: 0, source: binding.source ?? ""))
                    if let terminal = binding.terminal, let configured = configuration.terminals[String(terminal)] {
                        guarded.provenPasswords[terminal] = configured.password
                    }
                }
            }
        }
    }

    /// Removes what lapsed by now (run by the server's sweep on the injected clock).
    public func expire() {
        let now = clock.now()
        let changes = guarded.withLock { $0.table.expire(now: now) }
        record(changes, actor: "system", source: "registrar")
    }

    /// Ends the bindings of terminals that were deleted or whose password changed since they
    /// registered (issue 15, point 2: "takes effect at once").
    public func reconcile(with configuration: SystemState) {
        let changes = guarded.withLock { guarded in
            var changes: [RegistrationTable.Change] = []
            for terminal in Array(guarded.table.registeredTerminals) {
                guard let configured = configuration.terminals[String(terminal)] else {
                    changes += guarded.table.remove(terminal: terminal, reason: .terminalDeleted)
                    guarded.provenPasswords[terminal] = nil
                    continue
                }
                if let proven = guarded.provenPasswords[terminal], proven != configured.password {
                    changes += guarded.table.remove(terminal: terminal, reason: .passwordChanged)
                    guarded.provenPasswords[terminal] = nil
                }
            }
            return changes
        }
        record(changes, actor: "system", source: "configuration")
    }

    /// The configured terminals indexed for lookups, rebuilt only when they changed.
    func directory(of configuration: SystemState) -> TerminalDirectory {
        guarded.withLock { guarded in
            guarded.directory = guarded.directory.updated(for: configuration.terminals)
            return guarded.directory
        }
    }

    /// The live contacts of every terminal, for the API and for calls.
    func bindings() -> [Int: [RegistrationTable.Binding]] {
        guarded.withLock { $0.table.bindings }
    }

    /// Every live binding as the log records it, with its latest expiry (`GET
    /// /api/v1/registrations`).
    public func registrations() -> [RegistrationBinding] {
        bindings().values.flatMap { $0 }.map { binding in
            RegistrationBinding(
                addressOfRecord: addressOfRecord(binding.registrationName), contact: binding.contact, expiresAt: binding.expiresAt,
                terminal: binding.terminal, source: binding.source)
        }
    }

    /// Terminals with at least one live binding (SNMP `cpUsageTable`).
    public var registeredTerminalCount: Int {
        guarded.withLock { $0.table.registeredTerminals.count }
    }

    /// Turns table changes into telephony facts, queued for the next group commit.
    func record(_ changes: [RegistrationTable.Change], actor: String, source: String) {
        guard !changes.isEmpty else { return }
        let proposed = changes.map { change -> ProposedEvent in
            let fact: RegistrationFact
            switch change {
            case .bound(let binding):
                fact = .bound(
                    RegistrationBinding(
                        addressOfRecord: addressOfRecord(binding.registrationName), contact: binding.contact, expiresAt: binding.expiresAt,
                        terminal: binding.terminal, source: binding.source))
            case .removed(let binding, let reason):
                fact = .removed(addressOfRecord: addressOfRecord(binding.registrationName), contact: binding.contact, reason: reason.rawValue)
            }
            return ProposedEvent(stream: fact.stream, type: fact.type, actor: actor, source: source, payload: fact.payload)
        }
        do {
            _ = try facts.submit(proposed)
        } catch {
            logger.error("registration facts refused", metadata: ["error": "\(error)"])
        }
    }
}
