import Foundation
import SRMWire

/// The remote maintenance sessions of the SRM server (manual §5.4; issue 19, point 3): the
/// requests waiting for a system's answer, the open sessions, and the relayed requests waiting
/// for the system's admin API.
///
/// A session lives on one agent connection and ends — forgotten, and `session_end` sent while the
/// agent is still there — when the technician ends it, the system ends it (`session_ended`), the
/// connection goes (then there is no one to tell: the agent ends its side itself), the login that
/// opened it ends, or no request was relayed for ``MaintenanceTimeouts/idle``. Manual §5.4 warns
/// against remote maintenance access left open, so every way out ends it on both sides.
///
/// Everything waiting is resumed exactly once: by the system's frame, by the end of its session
/// or connection, or by its timer — whichever comes first removes it from the tables.
actor MaintenanceSessions {
    private struct Opening {
        var systemID: String
        var technician: String
        var address: String
        var login: String
        var link: AgentLink
        var continuation: CheckedContinuation<MaintenanceSessionOpening, Never>
        var timer: Task<Void, Never>?
    }

    private struct Waiting {
        var continuation: CheckedContinuation<RelayedAnswer, Never>
        var timer: Task<Void, Never>?
    }

    let registry: SystemRegistry
    let timeouts: MaintenanceTimeouts
    private var openings: [String: Opening] = [:]
    private var sessions: [String: MaintenanceSession] = [:]
    /// By session, then by request id.
    private var waiting: [String: [Int64: Waiting]] = [:]

    init(registry: SystemRegistry, timeouts: MaintenanceTimeouts) {
        self.registry = registry
        self.timeouts = timeouts
    }

    /// The open sessions, oldest first.
    func all() -> [MaintenanceSession] {
        sessions.values.sorted { ($0.openedAt, $0.session) < ($1.openedAt, $1.session) }
    }

    func session(_ id: String) -> MaintenanceSession? {
        sessions[id]
    }

    /// Asks the system's agent for a session and waits for its answer.
    func open(systemID: String, technician: String, address: String, login: String) async -> MaintenanceSessionOpening {
        guard let link = await registry.link(systemID) else {
            return .unavailable("system \(systemID) is not connected to this SRM server; a session needs its agent connected")
        }
        let id = Self.newSessionID()
        let text = SRMFrameCoding.encode(SRMServerFrame.sessionRequest(SRMMaintenanceSession(session: id, technician: technician, address: address)))
        let answer = timeouts.answer
        return await withCheckedContinuation { continuation in
            let timer = Task {
                try? await Task.sleep(for: answer)
                self.settle(
                    opening: id, .unavailable("system \(systemID) did not answer the session request within \(answer)"), ifFrom: nil)
            }
            openings[id] = Opening(
                systemID: systemID, technician: technician, address: address, login: login, link: link, continuation: continuation, timer: timer)
            Task {
                do {
                    try await link.send(text)
                } catch {
                    self.settle(opening: id, .unavailable("cannot send the session request to system \(systemID): \(error)"), ifFrom: nil)
                }
            }
        }
    }

    /// Relays one request of `technician` in session `id`; `request` is filled in with the
    /// session's next request id.
    func relay(_ id: String, technician: String, method: String, path: String, headers: [[String]], body: Data) async -> RelayedAnswer {
        guard var session = sessions[id] else { return .unknownSession }
        guard session.technician == technician else { return .otherTechnician }
        let request = SRMRelayedRequest(
            session: id, id: session.requests + 1, method: method, path: path, headers: headers, body: body.base64EncodedString())
        let text = SRMFrameCoding.encode(SRMServerFrame.httpRequest(request))
        guard text.utf8.count <= SRMFrameCoding.maximumBytes else { return .tooLarge(text.utf8.count) }
        session.requests = request.id
        session.lastUsed = Date()
        sessions[id] = session
        let link = session.link
        let limit = timeouts.response
        return await withCheckedContinuation { continuation in
            let timer = Task {
                try? await Task.sleep(for: limit)
                self.answer(id, request.id, .timedOut)
            }
            waiting[id, default: [:]][request.id] = Waiting(continuation: continuation, timer: timer)
            Task {
                do {
                    try await link.send(text)
                } catch {
                    self.answer(id, request.id, .ended("cannot send the request to system \(session.systemID): \(error)"))
                }
            }
        }
    }

    /// Ends a session at the SRM server's side (the technician, their logout, idleness):
    /// forgets it and tells the agent. False when no such session is open.
    @discardableResult
    func end(_ id: String, reason: String) async -> Bool {
        guard let session = forget(id, reason: reason) else { return false }
        try? await session.link.send(SRMFrameCoding.encode(SRMServerFrame.sessionEnd(session: id)))
        return true
    }

    /// Ends every session the login opened: the technician logged out.
    func endAll(login: String, reason: String) async {
        for session in sessions.values where session.login == login {
            await end(session.session, reason: reason)
        }
    }

    /// Ends the sessions idle for longer than ``MaintenanceTimeouts/idle`` and those whose login
    /// is no longer open (`loginOpen(token, technician)` false: expired, logged out, account
    /// removed).
    func sweep(at now: Date, loginOpen: @Sendable (String, String) -> Bool) async {
        let idle = Double(timeouts.idle.components.seconds) + Double(timeouts.idle.components.attoseconds) / 1e18
        for session in sessions.values {
            if now.timeIntervalSince(session.lastUsed) >= idle {
                await end(session.session, reason: "the session was idle for \(timeouts.idle)")
            } else if !loginOpen(session.login, session.technician) {
                await end(session.session, reason: "the technician's login ended")
            }
        }
    }

    // MARK: The agent's frames

    /// `session_accepted`: the session is open from now on, unless its request was given up
    /// already (then the system is told it ended, so it does not keep a session no one uses).
    func accepted(_ id: String, systemID: String, connection: UInt64) async {
        guard let opening = openings[id], opening.systemID == systemID, opening.link.connection == connection else {
            try? await registry.link(systemID)?.send(SRMFrameCoding.encode(SRMServerFrame.sessionEnd(session: id)))
            return
        }
        let session = MaintenanceSession(
            session: id, systemID: systemID, technician: opening.technician, address: opening.address, login: opening.login, link: opening.link,
            at: Date())
        sessions[id] = session
        settle(opening: id, .accepted(session), ifFrom: connection)
    }

    /// `session_ended`: the system refused the request, or ended an open session.
    func ended(_ id: String, reason: String, systemID: String, connection: UInt64) {
        if let opening = openings[id], opening.systemID == systemID {
            settle(opening: id, .refused(reason), ifFrom: connection)
        } else if let session = sessions[id], session.systemID == systemID, session.link.connection == connection {
            forget(id, reason: "system \(systemID) ended the session: \(reason)")
        }
    }

    /// `http_response`: the answer to the relayed request with its session and id.
    func response(_ response: SRMRelayedResponse, systemID: String) {
        guard sessions[response.session]?.systemID == systemID else { return }
        answer(response.session, response.id, .response(response))
    }

    /// The agent's connection went: its requests and sessions end with it, and nothing is sent.
    func connectionEnded(_ systemID: String, connection: UInt64) {
        for (id, opening) in openings where opening.systemID == systemID && opening.link.connection == connection {
            settle(opening: id, .unavailable("the connection of system \(systemID) ended before it answered"), ifFrom: nil)
        }
        for session in sessions.values where session.systemID == systemID && session.link.connection == connection {
            forget(session.session, reason: "the connection of system \(systemID) ended")
        }
    }

    // MARK: Resuming exactly once

    /// Resumes a session request's waiter; `connection` (when given) must be the one asked.
    private func settle(opening id: String, _ outcome: MaintenanceSessionOpening, ifFrom connection: UInt64?) {
        guard let opening = openings[id], connection == nil || opening.link.connection == connection else { return }
        openings[id] = nil
        opening.timer?.cancel()
        opening.continuation.resume(returning: outcome)
    }

    private func answer(_ session: String, _ request: Int64, _ answer: RelayedAnswer) {
        guard let waiter = waiting[session]?.removeValue(forKey: request) else { return }
        if waiting[session]?.isEmpty == true { waiting[session] = nil }
        waiter.timer?.cancel()
        waiter.continuation.resume(returning: answer)
    }

    /// Removes an open session and answers its waiting requests with `reason`.
    @discardableResult
    private func forget(_ id: String, reason: String) -> MaintenanceSession? {
        guard let session = sessions.removeValue(forKey: id) else { return nil }
        for (_, waiter) in waiting.removeValue(forKey: id) ?? [:] {
            waiter.timer?.cancel()
            waiter.continuation.resume(returning: .ended(reason))
        }
        return session
    }

    /// 32 hex digits from 16 random bytes: not guessable, so a session's relay path names it alone
    /// (the technician's login is still checked on every request).
    static func newSessionID() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<16).map { _ in String(format: "%02x", UInt8.random(in: .min ... .max, using: &generator)) }.joined()
    }
}
