import AdminModels
import Domain
import EventLog
import Foundation
import HTTPTypes
import Hummingbird

extension AdminAPI {
    /// The registrar's live bindings (issue 15, point 8), each with its terminal's registration
    /// name and user from the configuration, and the seconds it has left on the injected clock.
    /// `?user=` keeps the bindings of that user's terminals, `?terminal=` those of one terminal.
    @Sendable func listRegistrations(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        let query = request.uri.queryParameters
        var terminalFilter: Int?
        if let text = query.get("terminal") {
            guard let id = Int(text), id > 0 else { throw APIError.invalidParameter("terminal", "a terminal id (a whole number from 1)") }
            terminalFilter = id
        }
        let userFilter = query.get("user").map { String($0) }
        let state = projection.current.state
        let now = clock.now()
        var views: [RegistrationView] = []
        for binding in registrations() {
            let terminal = binding.terminal.flatMap { state.terminal(id: $0) }
            if let terminalFilter, binding.terminal != terminalFilter { continue }
            if let userFilter, terminal?.userNumber != userFilter { continue }
            views.append(Self.registrationView(binding, terminal: terminal, now: now))
        }
        views.sort { a, b in
            // Bindings that name no terminal come last.
            switch (a.terminal, b.terminal) {
            case (let x?, let y?) where x != y: x < y
            case (nil, _?): false
            case (_?, nil): true
            default: a.contact.utf8.lexicographicallyPrecedes(b.contact.utf8)
            }
        }
        return JSONResponse.make(.ok, RegistrationList(registrations: views))
    }

    static func registrationView(_ binding: RegistrationBinding, terminal: Terminal?, now: Int64) -> RegistrationView {
        let transport = binding.source.flatMap { source in source.firstIndex(of: ":").map { String(source[..<$0]) } }
        return RegistrationView(
            terminal: binding.terminal, registrationName: terminal?.registrationName ?? userPart(of: binding.addressOfRecord),
            userNumber: terminal?.userNumber, addressOfRecord: binding.addressOfRecord, contact: binding.contact, source: binding.source,
            transport: transport, expiresAt: RFC3339Timestamp.string(microsecondsSinceEpoch: binding.expiresAt),
            secondsLeft: secondsLeft(until: binding.expiresAt, now: now))
    }

    /// Whole seconds from `now` to `end`, 0 once it has passed; a difference beyond `Int64`
    /// (an absurd expiry from the log) is clamped rather than trapping.
    static func secondsLeft(until end: Int64, now: Int64) -> Int64 {
        let (difference, overflow) = end.subtractingReportingOverflow(now)
        if overflow { return end > now ? Int64.max / 1_000_000 : 0 }
        return max(0, difference) / 1_000_000
    }

    /// The user part of a SIP address of record (`sip:101@callplane` → `101`; RFC 3261 §19.1.1),
    /// the whole text when it has none.
    static func userPart(of addressOfRecord: String) -> String {
        var rest = Substring(addressOfRecord)
        for scheme in ["sip:", "sips:"] where rest.lowercased().hasPrefix(scheme) {
            rest = rest.dropFirst(scheme.count)
        }
        guard let at = rest.firstIndex(of: "@") else { return String(rest) }
        return String(rest[..<at])
    }

    /// How many terminals have a live binding: a usage that the call core counts, not the
    /// configuration (`registered_terminals`). A binding of no known terminal counts by its
    /// address of record.
    func registeredTerminalCount() -> Int {
        Set(registrations().map { $0.terminal.map(String.init) ?? "aor:" + $0.addressOfRecord }).count
    }
}
