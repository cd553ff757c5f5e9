import Synchronization

/// A value that depends only on the state published at a log position, computed once per
/// position however many readers ask: the state's hash (encoding and hashing the whole state
/// costs far more than serving it), and the API's rendered lists (at 200 users the list is
/// 15 kB, and sorting, looking up versions and escaping every string was most of the route's
/// time, issue 12).
///
/// It keeps the newest position's value only. A reader that read an older state (the
/// projection moved on meanwhile) computes its own and leaves the newer one in place, so an
/// answer never mixes one state with another's value. The value is computed outside the lock:
/// a slow computation never holds up another reader.
public final class PositionCache<Value: Sendable>: Sendable {
    private let newest = Mutex<(position: Int64, value: Value)?>(nil)

    public init() {}

    public func value(at position: Int64, compute: () -> Value) -> Value {
        if let hit = newest.withLock({ $0 }), hit.position == position { return hit.value }
        let value = compute()
        newest.withLock { cached in
            if (cached?.position ?? -1) < position { cached = (position, value) }
        }
        return value
    }
}
