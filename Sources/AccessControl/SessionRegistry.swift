import Crypto
import Domain
import Foundation
import Synchronization

/// The open sessions, by the SHA-256 of their token. The places of §5.1 ("two users … and no
/// fewer than five at the Receptionist level") are checked and taken under one lock, so two
/// logins at once cannot both take the last place.
final class SessionRegistry: Sendable {
    private let sessions = Mutex<[String: AdminSession]>([:])

    /// Opens a session and returns its token, or refuses with the limit that bites. A login
    /// that finds no place does not push anyone out: an administrator in the middle of a change
    /// keeps working, and a forgotten session frees its place at the idle timeout.
    func open(_ session: AdminSession, idleTimeout: Int64, now: Int64) throws(DomainError) -> String {
        let token = Self.newToken()
        try sessions.withLock { (sessions: inout [String: AdminSession]) throws(DomainError) in
            sessions = sessions.filter { now - $0.value.lastActivity <= idleTimeout }
            if session.level.isAdministrator {
                if sessions.values.count(where: { $0.level.isAdministrator }) >= CapacityLimit.administratorSessions.max {
                    throw .capacityExceeded(.administratorSessions)
                }
            } else if sessions.values.count(where: { $0.level == session.level }) >= CapacityLimit.sessionsPerLevel.max {
                throw .capacityExceeded(.sessionsPerLevel)
            }
            sessions[Self.digest(token)] = session
        }
        return token
    }

    enum Lookup {
        case active(AdminSession)
        case expired(AdminSession)
        case unknown
    }

    /// Finds the session and, if it is still within the idle timeout, records the activity.
    /// An expired session is removed and returned once, so its end can be acted on.
    func touch(_ token: String, idleTimeout: Int64, now: Int64) -> Lookup {
        let key = Self.digest(token)
        return sessions.withLock { sessions in
            guard var session = sessions[key] else { return .unknown }
            guard now - session.lastActivity <= idleTimeout else {
                sessions[key] = nil
                return .expired(session)
            }
            session.lastActivity = now
            sessions[key] = session
            return .active(session)
        }
    }

    func close(_ token: String) -> AdminSession? {
        let key = Self.digest(token)
        return sessions.withLock { $0.removeValue(forKey: key) }
    }

    /// Ends the sessions idle for longer than the timeout and returns them.
    func sweep(idleTimeout: Int64, now: Int64) -> [AdminSession] {
        sessions.withLock { sessions in
            let expired = sessions.filter { now - $0.value.lastActivity > idleTimeout }
            for key in expired.keys { sessions[key] = nil }
            return Array(expired.values)
        }
    }

    /// Ends every session of an account (deleted, or its password set by someone else).
    func closeAll(of account: String) {
        sessions.withLock { sessions in
            sessions = sessions.filter { $0.value.account != account }
        }
    }

    var count: Int { sessions.withLock { $0.count } }

    /// 32 random bytes, base64url without padding.
    private static func newToken() -> String {
        let bytes = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }
        return bytes.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    private static func digest(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
