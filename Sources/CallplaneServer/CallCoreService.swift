import ControlPlane
import Domain
import EventLog
import ServiceLifecycle
import Telephony

/// The call core's timers. Every second of the injected clock (so a virtual clock moved by an
/// hour acts at once): registrations lapse and DoS blocks end. Within a quarter of a second of a
/// configuration change being published, a terminal deleted or given a new password loses its
/// bindings (issue 15, points 2 and 3), and the trunks follow their accounts (issue 16, point 1):
/// they register on the same second ticks. At a graceful stop the trunks' bindings are removed
/// at the providers before the SIP listeners close (this service stops before them: it comes
/// after them in the service group, which stops in reverse order).
struct CallCoreService: Service {
    let callCore: CallCore
    let registrar: Registrar
    let trunks: TrunkRegistrar
    let projection: StateProjection
    let clock: any WallClock

    func run() async throws {
        await cancelWhenGracefulShutdown {
            await withTaskGroup(of: Void.self) { group in
                group.addTask {
                    while !Task.isCancelled {
                        do {
                            try await clock.sleep(until: clock.now() + 1_000_000)
                        } catch {
                            return
                        }
                        registrar.expire()
                        callCore.releaseBlocks()
                        trunks.tick()
                    }
                }
                group.addTask {
                    var seen: Int64 = -1
                    while !Task.isCancelled {
                        let (state, position) = projection.current
                        if position != seen {
                            registrar.reconcile(with: state)
                            callCore.apply(state.dosProtection)
                            trunks.reconcile(with: state)
                            trunks.tick()
                            seen = position
                        }
                        do {
                            try await Task.sleep(for: .milliseconds(250))
                        } catch {
                            return
                        }
                    }
                }
            }
        }
        await trunks.unregisterAll(within: .seconds(2))
    }
}
