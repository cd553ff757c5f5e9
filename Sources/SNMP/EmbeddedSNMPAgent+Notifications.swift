import CNetSNMP
import Domain
import EventMessages

/// The SNMP destinations' notifications, sent by the agent's own net-snmp (it is process-wide,
/// so traps and informs share its thread and its `select`): one session per destination,
/// opened on first use, kept while it works.
extension EmbeddedSNMPAgent {
    /// An open net-snmp session to a destination's receiver. `retired` sessions are closed before
    /// the next notification: net-snmp must not close a session from inside its own callback.
    ///
    /// `@unchecked Sendable`: the session pointer is only compared on other threads; it is used
    /// (sent on, closed) only on the agent's thread, which is where net-snmp made it, so no two
    /// threads ever touch the session itself.
    struct NotificationSession: @unchecked Sendable {
        var receiver: SNMPNotificationReceiver
        var session: UnsafeMutablePointer<netsnmp_session>
        var retired = false
    }

    /// A `send` waiting for its outcome. `session` is the address of the session an inform went
    /// out on, set once it is sent: closing a session fails only what is in flight on it, never
    /// a notification that is about to go out on a fresh one (issue 13, point 7 — failing that
    /// one made the outbox send it twice).
    struct PendingNotification {
        var continuation: CheckedContinuation<Result<Void, DeliveryFailure>, Never>
        var session: UInt? = nil
    }

    /// How long an inform (and the engine ID discovery of an SNMPv3 receiver) waits for an answer,
    /// and how often net-snmp sends it again: at most 2 s per attempt, while the delivery
    /// engine's own rounds (5 attempts, then every 5 minutes) do the longer retrying.
    static let notificationTimeoutMicroseconds = 1_000_000
    static let notificationRetries: Int32 = 1

    /// Sends one notification and returns once it is delivered: a trap once net-snmp sent it,
    /// an inform once the receiver acknowledged it. A receiver without an open session has its
    /// address resolved and (SNMPv3) its engine discovered first, here, off the agent's thread,
    /// so the agent never waits on a receiver or a name server (issue 13, point 10).
    func send(_ notification: SNMPNotification, to receiver: SNMPNotificationReceiver) async throws(DeliveryFailure) {
        let opening = hasOpenSession(to: receiver) ? nil : try await prepareSession(to: receiver)
        let request = nextRequest.add(1, ordering: .relaxed).oldValue
        let outcome = await withCheckedContinuation { continuation in
            pendingNotifications.withLock { $0[request] = PendingNotification(continuation: continuation) }
            let queued = enqueue { [self] live in
                guard live else { return finishNotification(request, .failure(DeliveryFailure(.notAvailable, "the SNMP agent stopped"))) }
                transmit(notification, to: receiver, opening: opening, request: request)
            }
            if !queued { finishNotification(request, .failure(DeliveryFailure(.notAvailable, "the SNMP agent is not running"))) }
        }
        try outcome.get()
    }

    /// The receiver's address resolved and, for SNMPv3, its engine discovered: the waiting a
    /// session's opening needs, done here so `transmit` on the agent's thread never waits.
    private func prepareSession(to receiver: SNMPNotificationReceiver) async throws(DeliveryFailure) -> SessionOpening {
        let address = try await EngineDiscovery.resolve(host: receiver.host, port: receiver.port)
        guard let peer = EngineDiscovery.peer(of: address) else {
            throw DeliveryFailure(.notAvailable, "the receiver \(receiver.host) resolved to \(address), which is not an IP address")
        }
        guard receiver.user != nil else { return SessionOpening(peer: peer, engine: nil) }
        let engine = try await EngineDiscovery.discover(
            at: address, timeout: .microseconds(Int64(Self.notificationTimeoutMicroseconds)), attempts: Int(Self.notificationRetries) + 1)
        return SessionOpening(peer: peer, engine: engine)
    }

    /// Whether a notification to `receiver` goes out on a session that is already open.
    private func hasOpenSession(to receiver: SNMPNotificationReceiver) -> Bool {
        notificationSessions.withLock { sessions in
            sessions[receiver.destination].map { !$0.retired && $0.receiver == receiver } ?? false
        }
    }

    /// Closes the destination's session if it still is `receiver`'s (the engine closes an old
    /// adapter after building the new one, whose session must stay).
    func closeSession(of receiver: SNMPNotificationReceiver) {
        enqueue { [self] live in
            guard live else { return }
            let closing = notificationSessions.withLock { sessions -> NotificationSession? in
                guard sessions[receiver.destination]?.receiver == receiver else { return nil }
                return sessions.removeValue(forKey: receiver.destination)
            }
            if let closing { close(closing) }
        }
    }

    /// Resumes a waiting `send` once; later outcomes of the same request are ignored.
    func finishNotification(_ request: Int, _ result: Result<Void, DeliveryFailure>) {
        pendingNotifications.withLock { $0.removeValue(forKey: request) }?.continuation.resume(returning: result)
    }

    /// Fails every waiting notification (the agent stopped), or those in flight on `session`.
    func failPendingNotifications(session: UnsafeMutablePointer<netsnmp_session>? = nil, _ failure: DeliveryFailure) {
        let address = session.map { UInt(bitPattern: $0) }
        let failed = pendingNotifications.withLock { pending in
            let matching = pending.filter { address == nil || $0.value.session == address }
            for request in matching.keys { pending.removeValue(forKey: request) }
            return Array(matching.values)
        }
        failed.forEach { $0.continuation.resume(returning: .failure(failure)) }
    }

    /// On the agent's thread: an inform's answer, or its time-out after net-snmp's retries.
    func informAnswered(request: Int, operation: Int32, response: UnsafeMutablePointer<netsnmp_pdu>?, session: UnsafeMutablePointer<netsnmp_session>?) {
        guard operation == Int32(CALLPLANE_CALLBACK_OP_RECEIVED_MESSAGE), let response else {
            retire(session)
            return finishNotification(request, .failure(DeliveryFailure(.notAvailable, "the receiver did not acknowledge the inform")))
        }
        if response.pointee.command == Int32(CALLPLANE_SNMP_MSG_RESPONSE), response.pointee.errstat == 0 {
            finishNotification(request, .success(()))
        } else {
            // A report (unknown user, wrong keys, another engine ID after a restart) or an
            // error status: the receiver refused it; a fresh session may fix a stale engine ID.
            retire(session)
            let what = response.pointee.command == Int32(CALLPLANE_SNMP_MSG_REPORT) ? "a report (security refused)" : "error status \(response.pointee.errstat)"
            finishNotification(request, .failure(DeliveryFailure(.barred, "the receiver answered the inform with \(what)")))
        }
    }

    /// Marks every session for closing, e.g. after the USM users were replaced.
    func retireNotificationSessions() {
        notificationSessions.withLock { sessions in
            for key in sessions.keys { sessions[key]?.retired = true }
        }
    }

    func closeNotificationSessions() {
        let all = notificationSessions.withLock { sessions in
            defer { sessions.removeAll() }
            return Array(sessions.values)
        }
        all.forEach(close)
    }

    private func retire(_ session: UnsafeMutablePointer<netsnmp_session>?) {
        notificationSessions.withLock { sessions in
            guard let key = sessions.first(where: { $0.value.session == session })?.key else { return }
            sessions[key]?.retired = true
        }
    }

    private func close(_ open: NotificationSession) {
        snmp_close(open.session)
        failPendingNotifications(session: open.session, DeliveryFailure(.notAvailable, "the session to the receiver was closed"))
    }

    /// On the agent's thread: sends `notification` on the destination's session, opening it first
    /// if there is none or its receiver changed, with what `send` prepared off the thread.
    private func transmit(_ notification: SNMPNotification, to receiver: SNMPNotificationReceiver, opening: SessionOpening?, request: Int) {
        let stale = notificationSessions.withLock { sessions -> NotificationSession? in
            guard let open = sessions[receiver.destination], open.retired || open.receiver != receiver else { return nil }
            return sessions.removeValue(forKey: receiver.destination)
        }
        if let stale { close(stale) }
        var session = notificationSessions.withLock { $0[receiver.destination]?.session }
        if session == nil {
            do {
                let opened = try openSession(receiver, opening)
                notificationSessions.withLock { $0[receiver.destination] = NotificationSession(receiver: receiver, session: opened) }
                session = opened
            } catch {
                return finishNotification(request, .failure(error))
            }
        }
        guard let session else { return }
        let command = receiver.notification == .inform ? Int32(CALLPLANE_SNMP_MSG_INFORM) : Int32(CALLPLANE_SNMP_MSG_TRAP2)
        guard let pdu = snmp_pdu_create(command) else {
            return finishNotification(request, .failure(DeliveryFailure(.notAvailable, "could not allocate the notification")))
        }
        var ticks = uptimeTicks
        add(pdu, CallplaneMIB.sysUpTimeInstance, type: CALLPLANE_ASN_TIMETICKS, &ticks, MemoryLayout<UInt32>.size)
        var trapOID = notification.trapOID.map { oid($0) }
        add(pdu, CallplaneMIB.snmpTrapOIDInstance, type: CALLPLANE_ASN_OBJECT_ID, &trapOID, trapOID.count * MemoryLayout<oid>.size)
        for varbind in notification.varbinds {
            switch varbind.value {
            case .integer(var number): add(pdu, varbind.name, type: CALLPLANE_ASN_INTEGER, &number, MemoryLayout<Int32>.size)
            case .unsigned(var number): add(pdu, varbind.name, type: CALLPLANE_ASN_UNSIGNED, &number, MemoryLayout<UInt32>.size)
            case .gauge(var number): add(pdu, varbind.name, type: CALLPLANE_ASN_GAUGE, &number, MemoryLayout<UInt32>.size)
            case .timeTicks(var number): add(pdu, varbind.name, type: CALLPLANE_ASN_TIMETICKS, &number, MemoryLayout<UInt32>.size)
            case .octets(var bytes): add(pdu, varbind.name, type: CALLPLANE_ASN_OCTET_STR, &bytes, bytes.count)
            case .uptime: add(pdu, varbind.name, type: CALLPLANE_ASN_TIMETICKS, &ticks, MemoryLayout<UInt32>.size)
            }
        }
        if receiver.notification == .trap {
            guard snmp_send(session, pdu) != 0 else {
                snmp_free_pdu(pdu)
                return finishNotification(request, .failure(DeliveryFailure(.notAvailable, "the trap could not be sent: \(Self.error(of: session))")))
            }
            finishNotification(request, .success(()))
        } else {
            pendingNotifications.withLock { $0[request]?.session = UInt(bitPattern: session) }
            guard snmp_async_send(session, pdu, NetSNMPBridge.informAnswered, UnsafeMutableRawPointer(bitPattern: request)) != 0 else {
                snmp_free_pdu(pdu)
                retire(session)
                return finishNotification(request, .failure(DeliveryFailure(.notAvailable, "the inform could not be sent: \(Self.error(of: session))")))
            }
        }
    }

    private func openSession(_ receiver: SNMPNotificationReceiver, _ opening: SessionOpening?) throws(DeliveryFailure) -> UnsafeMutablePointer<netsnmp_session>
    {
        guard let opening, receiver.user == nil || opening.engine != nil else {
            // Its session closed between the check in `send` and now; the next attempt prepares one.
            throw DeliveryFailure(.notAvailable, "the session to \(receiver.host):\(receiver.port) closed before the notification went out")
        }
        var error = [CChar](repeating: 0, count: 256)
        let engine = opening.engine
        let engineID = engine?.engineID ?? []
        let opened = callplane_notification_session_open(
            opening.peer, receiver.community, receiver.user?.name, receiver.user?.authPassphrase, receiver.user?.privPassphrase,
            engineID, engineID.count, engine?.boots ?? 0, engine?.timeNow ?? 0,
            Self.notificationTimeoutMicroseconds, Self.notificationRetries, &error, error.count)
        guard let opened else {
            throw DeliveryFailure(.notAvailable, "no session to \(receiver.host):\(receiver.port): \(NetSNMPBridge.text(error))")
        }
        return opened
    }

    private func add(_ pdu: UnsafeMutablePointer<netsnmp_pdu>, _ name: [UInt32], type: some BinaryInteger, _ value: UnsafeRawPointer, _ length: Int) {
        let oids = name.map { oid($0) }
        snmp_pdu_add_variable(pdu, oids, oids.count, UInt8(type), value, length)
    }

    private static func error(of session: UnsafeMutablePointer<netsnmp_session>) -> String {
        var text = [CChar](repeating: 0, count: 256)
        callplane_session_error(session, &text, text.count)
        return NetSNMPBridge.text(text)
    }
}
