import ControlPlane
import Domain
import EventLog

extension CallRecorder {
    /// Closes every call the log still holds open (issue 15, point 4): run at start, once the
    /// call projection has read the log to its head and before the SIP listeners accept, so
    /// every call this run sees begin is one it can end, and none of the previous run is left
    /// open. Each gets `call.ended` with cause `restart`, ended by the `system`, at the last
    /// instant the previous run is known to have been alive (``ActiveCalls/restartClosures(lastAlive:)``).
    ///
    /// Waits until the ends are durable. A crash in the middle leaves the rest open for the next
    /// start; a closed call is no longer in the fold, so none is closed twice.
    /// - Returns: how many calls were closed.
    @discardableResult
    public func closeOpenCalls(_ calls: ActiveCalls, lastAlive: Int64) async throws -> Int {
        let ends = calls.restartClosures(lastAlive: lastAlive)
        guard !ends.isEmpty else { return 0 }
        let proposed = ends.map { Self.proposed(.ended($0), actor: "system", source: "startup") }
        _ = try await factAppender.append(proposed)
        return ends.count
    }
}
