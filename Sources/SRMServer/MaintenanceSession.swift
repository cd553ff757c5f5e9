import Foundation

/// A remote maintenance session a system accepted (manual §5.4; issue 19, point 3), as the SRM
/// server keeps it while it is open: whose it is, on which agent connection, and how it is used.
///
/// `GET /api/v1/sessions` shows the members in ``CodingKeys``; the login it was opened with
/// and the agent connection stay inside the server.
struct MaintenanceSession: Sendable, Encodable {
    /// 32 hex digits, chosen by the SRM server; the relay's path carries it.
    var session: String
    var systemID: String
    var technician: String
    /// The technician's address as the SRM server saw it, which the system records.
    var address: String
    var openedAt: Date
    var lastUsed: Date
    /// Relayed requests so far; the last one's id (ids count up from 1 per session).
    var requests: Int64
    /// Where the technician reaches the system's admin API through the SRM server.
    var relay: String
    /// The SRM login (token) that opened it: the session ends with that login.
    let login: String
    /// The agent connection that accepted it: the session ends with that connection.
    let link: AgentLink

    init(session: String, systemID: String, technician: String, address: String, login: String, link: AgentLink, at now: Date) {
        self.session = session
        self.systemID = systemID
        self.technician = technician
        self.address = address
        openedAt = now
        lastUsed = now
        requests = 0
        relay = "/relay/\(session)/"
        self.login = login
        self.link = link
    }

    enum CodingKeys: String, CodingKey {
        case session, systemID, technician, address, openedAt, lastUsed, requests, relay
    }
}
