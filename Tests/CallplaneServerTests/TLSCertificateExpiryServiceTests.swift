import Certificates
import Domain
import EventLog
import Logging
import Synchronization
import Testing

@testable import CallplaneServer

/// The expiry monitor's looks at explicit instants (issue 15, point 1): what it reports, and
/// when it looks next.
@Suite struct TLSCertificateExpiryServiceTests {
    static let issuedAt: Int64 = 1_767_225_600_000_000
    static let day: Int64 = 86_400_000_000
    static let hour: Int64 = 3_600_000_000
    static let sealing = try! SecretBox(key: Array(repeating: 7, count: 32))

    /// A state with a generated certificate, and a monitor whose reports go through `decide` into
    /// it, as the pipeline's would; the messages raised are collected.
    final class Harness: Sendable {
        let state: Mutex<SystemState>
        let raised = Mutex<[EventMessage]>([])
        let notAfter: Int64

        init() throws {
            let issued = try SystemCertificateAuthority.issue(systemID: "CP-1", serverName: "pbx", hosts: [], at: issuedAt)
            var state = SystemState()
            let draft = TLSCertificateDraft(
                origin: .generated, certificateChain: issued.chain.pem, privateKey: issued.serverKey.pem, authorityKey: issued.authorityKey.pem)
            for event in try state.decide(.installTLSCertificate(draft, at: issuedAt), sealing: sealing) { state.apply(event) }
            notAfter = state.tls.certificate!.notAfter
            self.state = Mutex(state)
        }

        var service: TLSCertificateExpiryService {
            TLSCertificateExpiryService(
                clock: VirtualWallClock(startingAt: issuedAt), state: { self.state.withLock { $0 } },
                report: { at in
                    try self.state.withLock { state in
                        for event in try state.decide(.reportTLSCertificateExpiry(at: at), sealing: sealing) {
                            state.apply(event)
                            if case .eventMessageOccurred(let message) = event { self.raised.withLock { $0.append(message) } }
                        }
                    }
                }, logger: Logger(label: "test"))
        }

        var messages: [(code: Int, severity: EventSeverity, at: Int64)] {
            raised.withLock { $0.map { ($0.code, $0.severity, $0.at) } }
        }
    }

    @Test("looks every hour, and exactly at the warning's start and at the end")
    func nextLooks() async throws {
        let harness = try Harness()
        let service = harness.service
        let warning = harness.notAfter - 30 * Self.day
        #expect(await service.check(at: Self.issuedAt) == Self.issuedAt + Self.hour)
        #expect(await service.check(at: warning - 10) == warning, "the warning's start comes before the hour")
        #expect(await service.check(at: warning) == warning + Self.hour)
        #expect(await service.check(at: harness.notAfter - 10) == harness.notAfter)
        #expect(await service.check(at: harness.notAfter) == harness.notAfter + Self.hour, "hourly after the end, for a new certificate")
        #expect(TLSCertificateExpiryService.nextLook(after: Int64.max - 5, certificate: nil) == Int64.max)
    }

    @Test("serious at the warning's start, critical at the end, each once over hourly looks and a restart")
    func raisedOnce() async throws {
        let harness = try Harness()
        var service = harness.service
        let warning = harness.notAfter - 30 * Self.day
        var at = warning - 2 * Self.hour
        // Hourly looks across the warning's start, as `run` makes them.
        for _ in 0..<4 { at = await service.check(at: at) }
        #expect(harness.messages.map(\.code) == [146])
        #expect(harness.messages.first?.severity == .serious && harness.messages.first?.at == warning)
        // A restart: a new monitor on the same state raises nothing new.
        service = harness.service
        _ = await service.check(at: warning + 3 * Self.hour)
        #expect(harness.messages.count == 1)
        at = harness.notAfter - Self.hour
        for _ in 0..<3 { at = await service.check(at: at) }
        #expect(harness.messages.map(\.severity) == [.serious, .critical])
        #expect(harness.messages.last?.at == harness.notAfter)
    }
}
