import Crypto
import Domain
import EventLog
import Foundation
import Synchronization

/// The open sessions, by the SHA-256 of their token. The places of §5.1 ("two users … and no
/// fewer than five at the Receptionist level") are checked and taken under one lock, so two
/// logins at once cannot both take the last place.
final class SessionRegistry: Sendable {
    private struct Sessions {
        var open: [String: AdminSession] = [:]
        /// Digests of sessions that ended at the idle timeout, oldest first, so their owner is
        /// told `session_expired` rather than `unauthenticated` whoever noticed the timeout.
        var timedOut: [String] = []

        mutating func expire(_ key: String) {
            open[key] = nil
            timedOut.append(key)
            if timedOut.count > SessionRegistry.rememberedTimeouts { timedOut.removeFirst(timedOut.count - SessionRegistry.rememberedTimeouts) }
        }
    }

    /// Enough for every place of every level many times over; older ones answer `unauthenticated`.
    static let rememberedTimeouts = 256

    private let sessions = Mutex(Sessions())

    /// Opens a session and returns its token, or refuses with the limit that bites. A login
    /// that finds no place does not push anyone out: an administrator in the middle of a change
    /// keeps working, and a forgotten session frees its place at the idle timeout.
    func open(_ session: AdminSession, idleTimeout: Int64, now: Int64) throws(DomainError) -> String {
        let token = Self.newToken()
        try sessions.withLock { (sessions: inout Sessions) throws(DomainError) in
            let places = sessions.open.values.filter { now - $0.lastActivity <= idleTimeout }
            if session.level.isAdministrator {
                if places.count(where: { $0.level.isAdministrator }) >= CapacityLimit.administratorSessions.max {
                    throw .capacityExceeded(.administratorSessions)
                }
            } else if places.count(where: { $0.level == session.level }) >= CapacityLimit.sessionsPerLevel.max {
                throw .capacityExceeded(.sessionsPerLevel)
            }
            sessions.open[Self.digest(token)] = session
        }
        return token
    }

    enum Lookup {
        case active(AdminSession)
        /// The session ended at the idle timeout; `session` is set only for the one call that
        /// ended it, so its end is acted on once.
        case expired(AdminSession?)
        case unknown
    }

    /// Finds the session and, if it is still within the idle timeout, records the activity.
    /// An expired session is removed and returned once, so its end can be acted on.
    func touch(_ token: String, idleTimeout: Int64, now: Int64) -> Lookup {
        let key = Self.digest(token)
        return sessions.withLock { sessions in
            guard var session = sessions.open[key] else {
                return sessions.timedOut.contains(key) ? .expired(nil) : .unknown
            }
            guard now - session.lastActivity <= idleTimeout else {
                sessions.expire(key)
                return .expired(session)
            }
            session.lastActivity = now
            sessions.open[key] = session
            return .active(session)
        }
    }

    func close(_ token: String) -> AdminSession? {
        let key = Self.digest(token)
        return sessions.withLock { $0.open.removeValue(forKey: key) }
    }

    /// Ends the sessions idle for longer than the timeout and returns them.
    func sweep(idleTimeout: Int64, now: Int64) -> [AdminSession] {
        sessions.withLock { sessions in
            let expired = sessions.open.filter { now - $0.value.lastActivity > idleTimeout }
            for key in expired.keys.sorted() { sessions.expire(key) }
            return Array(expired.values)
        }
    }

    /// Ends and returns every session opened from `source` (a remote maintenance session through
    /// the SRM server that ended).
    func closeAll(from source: String) -> [AdminSession] {
        sessions.withLock { sessions in
            let ending = sessions.open.filter { $0.value.source == source }
            for key in ending.keys { sessions.open[key] = nil }
            return Array(ending.values)
        }
    }

    /// Ends every session of an account (deleted, or its password set by someone else).
    func closeAll(of account: String) {
        sessions.withLock { sessions in
            sessions.open = sessions.open.filter { $0.value.account != account }
        }
    }

    /// 32 random bytes, base64url without padding.
    private static func newToken() -> String {
        let bytes = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }
        return bytes.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    private static func digest(_ token: String) -> String {
        Hexadecimal.lowercase(SHA256.hash(data: Array(token.utf8)))
    }
}
