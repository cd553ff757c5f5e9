import Foundation
import SRMWire
import Synchronization

/// The server's frames a ``TestAgent`` serving maintenance sessions received, in order, for a
/// test to wait on.
final class SeenFrames: Sendable {
    private let frames = Mutex<[SRMServerFrame]>([])

    func append(_ frame: SRMServerFrame) {
        frames.withLock { $0.append(frame) }
    }

    var all: [SRMServerFrame] { frames.withLock { $0 } }

    /// The first frame `pick` takes, waiting up to 5 s for it.
    func first<Value>(_ pick: (SRMServerFrame) -> Value?) async -> Value? {
        for _ in 0..<250 {
            if let value = all.lazy.compactMap(pick).first { return value }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return nil
    }

    var sessionRequests: [SRMMaintenanceSession] {
        all.compactMap { if case .sessionRequest(let session) = $0 { session } else { nil } }
    }

    var relayedRequests: [SRMRelayedRequest] {
        all.compactMap { if case .httpRequest(let request) = $0 { request } else { nil } }
    }

    func sessionEnd(_ session: String) async -> Bool {
        await first { if case .sessionEnd(session) = $0 { true } else { nil } } ?? false
    }
}
