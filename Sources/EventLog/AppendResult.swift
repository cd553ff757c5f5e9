/// The outcome of a durable append.
public struct AppendResult: Sendable, Hashable {
    /// A request of one event, the usual case (a command's event, a telephony fact), is held
    /// without arrays: the writer makes a result for every append, and two one-element arrays
    /// were two allocations on its thread and two frees on the appender's (issue 12, point 8;
    /// docs/benchmarks.md).
    private enum Storage: Sendable, Hashable {
        case one(position: Int64, version: Int64)
        case many(positions: [Int64], versions: [Int64])
    }

    private let storage: Storage
    /// `true` when every id already existed: nothing was written, `positions` are the originals.
    public let isRetry: Bool

    public init(positions: [Int64], versions: [Int64], isRetry: Bool) {
        if positions.count == 1, versions.count == 1 {
            storage = .one(position: positions[0], version: versions[0])
        } else {
            storage = .many(positions: positions, versions: versions)
        }
        self.isRetry = isRetry
    }

    /// The result of a request of one event.
    init(position: Int64, version: Int64, isRetry: Bool) {
        storage = .one(position: position, version: version)
        self.isRetry = isRetry
    }

    /// Positions of the request's events, in request order.
    public var positions: [Int64] {
        switch storage {
        case let .one(position, _): [position]
        case let .many(positions, _): positions
        }
    }

    /// Per-stream versions after the append, in request order of the events.
    public var versions: [Int64] {
        switch storage {
        case let .one(_, version): [version]
        case let .many(_, versions): versions
        }
    }

    public var lastPosition: Int64 {
        switch storage {
        case let .one(position, _): position
        case let .many(positions, _): positions.last ?? 0
        }
    }

    /// The version of the request's last event's stream after the append (0 for none).
    public var lastVersion: Int64 {
        switch storage {
        case let .one(_, version): version
        case let .many(_, versions): versions.last ?? 0
        }
    }
}
