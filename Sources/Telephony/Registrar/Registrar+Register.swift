import Domain
import NIOCore
import SIP

extension Registrar {
    /// Answers a REGISTER that passed the UAS checks (§10.3 steps 1–8).
    ///
    /// Every REGISTER without valid credentials is challenged first, whether or not its name is
    /// configured, so the answer does not tell which names exist; credentials for a name that is
    /// not configured, of another name than the To, or with a wrong password get 403, and the
    /// DoS protection counts them (``RegistrationAttempt``).
    func register(
        _ request: SIPRequest, from peer: SIPPeer, configuration: SystemState, toTag: String
    ) -> (SIPResponse, RegistrationAttempt) {
        func answer(_ status: Int, _ reason: String) -> SIPResponse {
            SIPResponse(answering: request, status: status, reason: reason, toTag: toTag)
        }
        let to: SIPAddress
        do {
            to = try request.headers.to
        } catch {
            return (answer(400, error.reasonPhrase), .malformed)
        }
        // §10.3: authentication (step 4) comes before the address of record is judged (step 5),
        // so a To that names no terminal is challenged too, and only then answered 404.
        let name = to.uri.sipURI?.unescapedUser ?? ""
        let terminal = name.isEmpty ? nil : directory(of: configuration).terminal(named: name)
        let password = terminal.flatMap { try? sealing.open($0.password) }
        let authentication = authenticate(request, registrationName: name, password: password)
        if name.isEmpty, authentication != .missing, authentication != .stale {
            return (answer(404, "Not Found (the To names no registration name, RFC 3261 §10.3 step 5)"), .failed)
        }
        switch authentication {
        case .missing:
            return (challenge(request, stale: false, toTag: toTag), .challenged)
        case .stale:
            return (challenge(request, stale: true, toTag: toTag), .challenged)
        case .malformed(let rule):
            return (answer(400, "Bad Request (Authorization: \(rule))"), .malformed)
        case .failed(let reason):
            return (answer(403, "Forbidden (\(reason))"), .failed)
        case .authenticated:
            break
        }
        guard let terminal else { return (answer(403, "Forbidden (no such terminal)"), .failed) }
        let table: RegistrationTable.Request
        do {
            table = try Self.tableRequest(request)
        } catch {
            return (answer(400, error.reasonPhrase), .malformed)
        }
        let callID = (try? request.headers.callID) ?? ""
        let cseq: UInt32 = (try? request.headers.cseq.sequenceNumber) ?? 0
        let source = peer.source
        let now = clock.now()
        let outcome: Result<([RegistrationTable.Change], [RegistrationTable.Binding]), RegistrationTable.Refusal> = guarded.withLock { guarded in
            do throws(RegistrationTable.Refusal) {
                let changes = try guarded.table.register(
                    terminal: terminal.id, registrationName: name, table, callID: callID, cseq: cseq, source: source, now: now,
                    expiry: CapacityLimit.registrationExpirySeconds.range, contactsPerTerminal: CapacityLimit.contactsPerTerminal.max)
                guarded.provenPasswords[terminal.id] = terminal.password
                let bindings = guarded.table.bindings(of: terminal.id)
                guarded.keepFlows(of: terminal.id, bindings: bindings, registeredNow: table, over: peer)
                return .success((changes, bindings))
            } catch {
                return .failure(error)
            }
        }
        switch outcome {
        case .failure(.intervalTooBrief(let minimum)):
            var response = answer(423, "Interval Too Brief")
            response.headers.add(.minExpires, String(minimum))
            return (response, .registered)
        case .failure(.outOfOrder):
            return (answer(500, "Server Internal Error (a REGISTER older than the binding, RFC 3261 §10.3 step 7)"), .registered)
        case .failure(.tooManyContacts(let maximum)):
            return (answer(403, "Forbidden (capacity_exceeded(contacts_per_terminal, max: \(maximum)))"), .registered)
        case .failure(.tooManyTerminals(let maximum)):
            return (answer(403, "Forbidden (capacity_exceeded(registered_terminals, max: \(maximum)))"), .registered)
        case .success((let changes, let bindings)):
            record(changes, actor: "sip:" + name, source: source)
            var response = answer(200, "OK")
            for binding in bindings {
                let remaining = max(0, (binding.expiresAt - now + 999_999) / 1_000_000)
                response.headers.add(.contact, "<" + binding.contact + ">;expires=" + String(remaining))
            }
            return (response, .registered)
        }
    }

    /// §10.3 steps 6–7: `*` only alone and with Expires 0; each contact's expiry from its own
    /// parameter, else the Expires header, else the registrar's maximum (its default).
    static func tableRequest(_ request: SIPRequest) throws(SIPParseError) -> RegistrationTable.Request {
        let expires = try request.headers.expires.map(Int.init)
        switch try request.headers.contacts {
        case .wildcard:
            guard expires == 0 else {
                throw SIPParseError(.malformedHeaderValue, header: "Contact", detail: "* needs Expires: 0 (RFC 3261 §10.3 step 6)")
            }
            return .removeAll
        case .addresses(let addresses):
            guard !addresses.isEmpty else { return .query }
            var contacts: [RegistrationTable.ContactRequest] = []
            for address in addresses {
                // RFC 4475 §3.1.2.4: an out-of-range expires parameter falls back to the default.
                let own = (try? address.expires).flatMap { $0 }.map { Int(min($0, UInt32(Int32.max))) }
                contacts.append(
                    RegistrationTable.ContactRequest(
                        contact: address.uri.description, expires: own ?? expires ?? CapacityLimit.registrationExpirySeconds.max))
            }
            return .update(contacts)
        }
    }
}
