import Crypto
import Foundation
import Synchronization

/// The technicians logged in to the SRM server: a random token per login, in memory only (a
/// restart logs everyone out), forgotten after ``idleTimeout`` without a request.
public final class TechnicianSessions: Sendable {
    /// Eight hours: a working day at the installer's office without logging in again, but not
    /// a browser left open over night.
    public static let idleTimeout: TimeInterval = 8 * 3600

    private struct Session: Sendable {
        var technician: String
        var lastUsed: Date
    }

    private let sessions = Mutex<[String: Session]>([:])

    public init() {}

    /// A new session's token: 32 random bytes, base64url.
    public func open(for technician: String, at now: Date = Date()) -> String {
        let token = SRMDataDirectory.newSecret()
        sessions.withLock { sessions in
            sessions = sessions.filter { now.timeIntervalSince($0.value.lastUsed) < Self.idleTimeout }
            sessions[token] = Session(technician: technician, lastUsed: now)
        }
        return token
    }

    /// The technician the token belongs to, keeping the session alive; nil for an unknown or
    /// expired token.
    public func technician(for token: String, at now: Date = Date()) -> String? {
        sessions.withLock { sessions in
            guard var session = sessions[token] else { return nil }
            guard now.timeIntervalSince(session.lastUsed) < Self.idleTimeout else {
                sessions[token] = nil
                return nil
            }
            session.lastUsed = now
            sessions[token] = session
            return session.technician
        }
    }

    /// Whether the token's login is still open, without counting this as a request: the
    /// maintenance sessions' sweeper asks, not the technician.
    public func isOpen(_ token: String, at now: Date = Date()) -> Bool {
        sessions.withLock { sessions in
            guard let session = sessions[token] else { return false }
            return now.timeIntervalSince(session.lastUsed) < Self.idleTimeout
        }
    }

    public func close(_ token: String) {
        _ = sessions.withLock { $0.removeValue(forKey: token) }
    }
}
