import ControlPlane
import Domain
import EventLog
import Logging
import ServiceLifecycle

/// Watches the system's TLS certificate on the server's clock (issue 15, point 1) and raises
/// "TLS certificate expires soon" — serious in its last 30 days, critical once expired (Tab. 24)
/// — once per step and certificate: `decide` records each step it reports, so neither the hourly
/// look nor a restart raises one twice.
///
/// It looks at the start, then at the next step's instant or after an hour, whichever comes
/// first: the hour catches a certificate uploaded in between, whose steps fall elsewhere.
/// Time only comes from the injected clock, so `--virtual-clock` tests move it by hand.
struct TLSCertificateExpiryService: Service {
    let clock: any WallClock
    /// The published state.
    let state: @Sendable () -> SystemState
    /// Runs `Command.reportTLSCertificateExpiry(at:)` through the pipeline.
    let report: @Sendable (Int64) async throws -> Void
    let logger: Logger

    static let interval: Int64 = 3_600_000_000

    init(
        clock: any WallClock, state: @escaping @Sendable () -> SystemState, report: @escaping @Sendable (Int64) async throws -> Void,
        logger: Logger
    ) {
        self.clock = clock
        self.state = state
        self.report = report
        self.logger = logger
    }

    init(pipeline: CommandPipeline, projection: StateProjection, clock: any WallClock, logger: Logger) {
        self.init(
            clock: clock, state: { projection.current.state },
            report: { at in
                _ = try await pipeline.execute(.reportTLSCertificateExpiry(at: at), origin: CommandOrigin(actor: "system", source: "tls-expiry"))
            }, logger: logger)
    }

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                let next = await check(at: clock.now())
                do {
                    try await clock.sleep(until: next)
                } catch {
                    return
                }
            }
        }
    }

    /// One look at `at`: reports a step not reported yet, and answers when to look next.
    func check(at: Int64) async -> Int64 {
        let tls = state().tls
        if tls.expiryToReport(at: at) != nil {
            do {
                try await report(at)
            } catch {
                // The next look tries again; `decide` keeps it to one message per step.
                logger.error("could not report the TLS certificate's expiry", metadata: ["error": "\(error)"])
            }
        }
        return Self.nextLook(after: at, certificate: tls.certificate)
    }

    /// The next step's instant of `certificate` or an hour after `at`, whichever comes first.
    static func nextLook(after at: Int64, certificate: TLSCertificate?) -> Int64 {
        let hourLater = at > Int64.max - interval ? Int64.max : at + interval
        guard let certificate, let change = TLSCertificateExpiry.nextChange(notAfter: certificate.notAfter, after: at) else { return hourLater }
        return min(hourLater, change)
    }
}
