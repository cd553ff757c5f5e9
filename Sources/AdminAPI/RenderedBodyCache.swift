import Synchronization

/// A response body that depends only on the published state, rendered once per log position:
/// a list read many times between two changes costs one rendering, as the state's hash does
/// (issue 12). At 200 users the list is 15 kB; rendering it (sorting the call numbers, looking
/// up each stream's version, writing and escaping every string) was most of the route's time.
///
/// It keeps the newest position's bytes only. A request that read an older state (the
/// projection moved on meanwhile) renders its own body and leaves the newer one in place, so an
/// answer never shows a state other than the one its request read.
final class RenderedBodyCache: Sendable {
    private let newest = Mutex<(position: Int64, bytes: [UInt8])?>(nil)

    func bytes(at position: Int64, render: () -> [UInt8]) -> [UInt8] {
        if let hit = newest.withLock({ $0 }), hit.position == position { return hit.bytes }
        let bytes = render()
        newest.withLock { cached in
            if (cached?.position ?? -1) < position { cached = (position, bytes) }
        }
        return bytes
    }
}
