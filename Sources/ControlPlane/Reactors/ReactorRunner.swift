import EventLog
import Logging

/// Runs ``Reactor``s: loads each one's cursor from the registry, reads the matching events
/// after it (catch-up, then live), hands them over in order and acknowledges each after its
/// reaction returned.
public struct ReactorRunner: Sendable {
    /// How long a reaction that threw waits before the same event is offered again.
    public static let retryDelay: Duration = .seconds(1)

    private let log: EventLog
    private let registry: ReactorRegistry
    private let logger: Logger

    public init(log: EventLog, registry: ReactorRegistry, logger: Logger) {
        self.log = log
        self.registry = registry
        self.logger = logger
    }

    /// Registers `reactor` and runs it until the task is cancelled.
    ///
    /// - Throws: ``ReactorError`` when its cursor cannot be read or saved. That stops this
    ///   reactor (shown as stopped in the registry, logged as critical) and nothing else.
    public func run(_ reactor: any Reactor) async throws {
        let cursor: ReactorCursor
        do {
            cursor = try registry.cursor(named: reactor.name)
        } catch {
            logger.critical("reactor cannot start", metadata: ["reactor": "\(reactor.name)", "error": "\(error)"])
            throw error
        }
        do {
            try await run(reactor, from: cursor)
        } catch is CancellationError {
        } catch let error as ReactorError {
            logger.critical("reactor stopped", metadata: ["reactor": "\(reactor.name)", "error": "\(error)"])
            throw error
        } catch {
            cursor.stop("reading the log failed: \(error)")
            logger.critical("reactor stopped", metadata: ["reactor": "\(reactor.name)", "error": "\(error)"])
            throw error
        }
    }

    private func run(_ reactor: any Reactor, from cursor: ReactorCursor) async throws {
        for try await event in log.subscribe(after: cursor.position, filter: reactor.filter) {
            // Moved past it while it waited (a restore): already handled as far as we know.
            guard event.position > cursor.position else { continue }
            while true {
                do {
                    try await reactor.react(to: event)
                    break
                } catch is CancellationError {
                    throw CancellationError()
                } catch {
                    logger.warning(
                        "reaction failed; offering the event again",
                        metadata: [
                            "reactor": "\(reactor.name)", "position": "\(event.position)", "error": "\(error)",
                        ])
                    try await Task.sleep(for: Self.retryDelay)
                }
            }
            try await cursor.acknowledge(through: event.position)
        }
    }
}
