import Domain

extension ATASInterface {
    /// One request of an alarm server, answered on its connection (docs/atas.md).
    func handle(_ request: ATASRequest, from connection: ATASConnection) async throws(ATASProtocolError) {
        switch request {
        case .logon(let account, let password, let resumeAfter):
            try await logOn(connection, account: account, password: password, resumeAfter: resumeAfter)
        case .cycle:
            let current = try session(of: connection)
            let now = now()
            session?.lastCycle = now
            link.cycled(at: now, cycleSeconds: current.cycleSeconds)
            connection.send(ATASLine(type: "cycle_ok"))
        case .logoff:
            _ = try session(of: connection)
            let actions = link.loggedOff()
            endSession()
            for action in actions { carryOut(action) }
            connection.close(after: ATASLine(type: "logoff_ok"))
        case .ack(let id):
            _ = try session(of: connection)
            guard session?.acknowledge(id) == true else {
                throw ATASProtocolError(.unknownID, "no event message with id \(id) is waiting for its acknowledgement", id: id)
            }
            acknowledged.insert(id)
            lastAcknowledged = max(lastAcknowledged ?? id, id)
        case .showText(let request):
            _ = try session(of: connection)
            try show(request, on: connection)
        }
    }

    /// The session logged on over `connection`; anything but a logon needs one.
    private func session(of connection: ATASConnection) throws(ATASProtocolError) -> ATASSession {
        guard let current = session, current.connection === connection else {
            throw ATASProtocolError(.notLoggedOn, "log on first: {\"type\":\"logon\",\"account\":…,\"password\":…} (docs/atas.md)")
        }
        return current
    }

    /// A logon (docs/atas.md, "Logon"). The same account logging on again over a new connection
    /// takes the link over — the alarm server reconnecting after a break the server has not
    /// noticed yet (a half-open TCP connection) — and raises nothing; another account is
    /// refused while one is logged on.
    private func logOn(_ connection: ATASConnection, account: String, password: String, resumeAfter: Int64?) async throws(ATASProtocolError) {
        if session?.connection === connection { throw ATASProtocolError(.alreadyLoggedOn, "this connection is logged on already") }
        let name: String
        do {
            name = try await logon.logon(account: account, password: password, address: connection.address)
        } catch {
            throw ATASProtocolError(.logonRefused, "\(error)")
        }
        // The check took a while: another connection may have logged on, or this one ended.
        guard unauthenticated[connection] != nil else { return }
        if let previous = session {
            guard previous.account == name else {
                throw ATASProtocolError(.alreadyLoggedOn, "alarm server \(previous.account) is logged on; one at a time")
            }
            logger.notice("ATAS: the alarm server logged on again; its previous connection is closed", metadata: ["account": "\(name)"])
            closeSession()
            link.connectionClosed()
        }
        unauthenticated[connection] = nil
        let now = now()
        let cycleSeconds = cycleSeconds()
        session = ATASSession(connection: connection, account: name, since: now, cycleSeconds: cycleSeconds)
        if let resumeAfter { self.resumeAfter = max(self.resumeAfter, resumeAfter) }
        var ok = ATASLine(type: "logon_ok")
        ok["server"] = "Callplane"
        ok.set("protocol", .integer(1))
        ok.set("cycleSeconds", .integer(Int64(cycleSeconds)))
        ok.set("resumeAfter", .integer(self.resumeAfter))
        // "Established" is raised before the answer goes out, so whoever reads the answer can
        // count on the message being on its way.
        for action in link.loggedOn(at: now, cycleSeconds: cycleSeconds) { carryOut(action) }
        connection.send(ok)
        loggedOn?()
        logger.info("ATAS: alarm server logged on", metadata: ["account": "\(name)", "address": "\(connection.address)"])
    }

    /// Sends the text to each recipient's terminals and answers when all have answered; other
    /// requests on the connection go on meanwhile.
    private func show(_ request: ATASTextRequest, on connection: ATASConnection) throws(ATASProtocolError) {
        let users: [String]
        switch request.recipients {
        case .users(let numbers):
            users = numbers
        case .messageGroup(let group):
            guard let members = texts.members(ofMessageGroup: group) else {
                throw .invalid("messageGroup", "no message group \(group) is configured", request: request.request)
            }
            users = members
        }
        let texts = self.texts
        Task {
            let outcomes = await withTaskGroup(of: (Int, ATASTextOutcome).self) { group in
                for (index, user) in users.enumerated() {
                    group.addTask { (index, await texts.show(request.shownText, toUser: user)) }
                }
                var outcomes = [ATASTextOutcome?](repeating: nil, count: users.count)
                for await (index, outcome) in group { outcomes[index] = outcome }
                return outcomes
            }
            let results = zip(users, outcomes).map { (user: $0, outcome: $1 ?? .unknownUser) }
            connection.send(.showTextResult(request: request.request, results: results))
        }
    }
}
