import Foundation
import SRMServer
import SRMWire
import Testing

/// The agents' endpoint `/agent` over real TLS (docs/srm.md, "Wire").
@Suite(.timeLimit(.minutes(1)))
struct AgentEndpointTests {
    static func fanFailure(_ polarity: String, number: Int64) -> SRMEventMessage {
        SRMEventMessage(
            number: number, type: "fan_failure", code: 8, name: "Fan failure", severity: "critical", polarity: polarity, parameters: ["fan": "2"],
            at: 1_700_000_000_000_000, activeNumber: 1, simulated: false)
    }

    static let critical = SRMStatusReport(
        status: .critical,
        active: [
            SRMActiveMessage(
                number: 1, type: "fan_failure", code: 8, name: "Fan failure", severity: "critical", parameters: ["fan": "2"],
                firstAt: 1_700_000_000_000_000, lastAt: 1_700_000_000_000_000, count: 1)
        ])

    @Test func aHelloOnTheAllowListIsWelcomedAndTheSystemShownConnected() async throws {
        try await SRMTestServer.with { server in
            let secret = try await server.addSystem("hq-1")
            let agent = try await server.welcomedAgent("hq-1", secret: secret)
            let systems = try await server.systems(token: try await server.login())
            #expect(systems.map(\.systemID) == ["hq-1"])
            #expect(systems.first?.connected == true)
            #expect(systems.first?.softwareVersion == "1.2.3")
            #expect(systems.first?.name == "Head office")
            #expect(systems.first?.colour == "grey")
            await agent.close()
        }
    }

    @Test func theWelcomeNamesTheServer() async throws {
        try await SRMTestServer.with { server in
            let secret = try await server.addSystem("hq-1")
            let agent = server.agent()
            agent.send(.hello(SRMHello(systemID: "hq-1", secret: secret, systemName: "HQ", softwareVersion: "1")))
            #expect(await agent.next() == .welcome(serverName: "srm-test"))
            await agent.close()
        }
    }

    @Test func aWrongSecretIsRefusedAndTheConnectionClosed() async throws {
        try await SRMTestServer.with { server in
            _ = try await server.addSystem("hq-1")
            let agent = server.agent()
            agent.send(.hello(SRMHello(systemID: "hq-1", secret: "not-the-secret", systemName: "HQ", softwareVersion: "1")))
            guard case .refused(let refusal) = await agent.next() else {
                Issue.record("no refusal")
                return
            }
            #expect(refusal.reason == .wrongSecret)
            #expect(await agent.next() == nil)
            let closing = try await agent.closed()
            #expect(closing?.closeCode == .policyViolation)
        }
    }

    @Test func anUnknownSystemIsRefused() async throws {
        try await SRMTestServer.with { server in
            let agent = server.agent()
            agent.send(.hello(SRMHello(systemID: "nobody", secret: "x", systemName: "HQ", softwareVersion: "1")))
            guard case .refused(let refusal) = await agent.next() else {
                Issue.record("no refusal")
                return
            }
            #expect(refusal.reason == .unknownSystem)
            let closing = try await agent.closed()
            #expect(closing?.closeCode == .policyViolation)
        }
    }

    @Test func anotherProtocolVersionIsRefused() async throws {
        try await SRMTestServer.with { server in
            let secret = try await server.addSystem("hq-1")
            let agent = server.agent()
            agent.send(.hello(SRMHello(systemID: "hq-1", secret: secret, systemName: "HQ", softwareVersion: "1", protocolVersion: 99)))
            guard case .refused(let refusal) = await agent.next() else {
                Issue.record("no refusal")
                return
            }
            #expect(refusal.reason == .protocolMismatch)
        }
    }

    @Test func noHelloInTimeClosesTheConnection() async throws {
        try await SRMTestServer.with(helloTimeout: .milliseconds(300)) { server in
            let agent = server.agent()
            #expect(await agent.next() == nil)
            let closing = try await agent.closed()
            #expect(closing?.closeCode == .policyViolation)
        }
    }

    @Test func anEventMessageIsAcknowledgedOnceAndShownWithItsStatus() async throws {
        try await SRMTestServer.with { server in
            let secret = try await server.addSystem("hq-1")
            let token = try await server.login()
            let agent = try await server.welcomedAgent("hq-1", secret: secret)
            agent.send(.eventMessage(sequence: 7, message: Self.fanFailure("negative", number: 1), report: Self.critical))
            #expect(await agent.next() == .acknowledged(sequence: 7))
            // Sent again after a reconnection: acknowledged again, kept once.
            agent.send(.eventMessage(sequence: 7, message: Self.fanFailure("negative", number: 1), report: Self.critical))
            #expect(await agent.next() == .acknowledged(sequence: 7))
            let system = try #require(try await server.systems(token: token).first)
            #expect(system.status == .critical)
            #expect(system.colour == "red")
            #expect(system.active.map(\.name) == ["Fan failure"])
            #expect(system.recent.map(\.sequence) == [7])
            await agent.close()
        }
    }

    @Test func aCriticalReportThenANormalOneTurnsRedThenBlue() async throws {
        try await SRMTestServer.with { server in
            let secret = try await server.addSystem("hq-1")
            let token = try await server.login()
            let agent = try await server.welcomedAgent("hq-1", secret: secret)
            agent.send(.eventMessage(sequence: 1, message: Self.fanFailure("negative", number: 1), report: Self.critical))
            #expect(await agent.next() == .acknowledged(sequence: 1))
            #expect(try await server.systems(token: token).first?.colour == "red")
            agent.send(.eventMessage(sequence: 2, message: Self.fanFailure("positive", number: 2), report: SRMStatusReport(status: .normal, active: [])))
            #expect(await agent.next() == .acknowledged(sequence: 2))
            let system = try #require(try await server.systems(token: token).first)
            #expect(system.colour == "blue")
            #expect(system.active.isEmpty)
            #expect(system.recent.map(\.sequence) == [1, 2])
            await agent.close()
        }
    }

    @Test func aSystemNotAllowedToChangeItsStatusHasItsMessagesRejected() async throws {
        try await SRMTestServer.with { server in
            let secret = try await server.addSystem("hq-1", statusAllowed: false)
            let token = try await server.login()
            let agent = try await server.welcomedAgent("hq-1", secret: secret)
            agent.send(.eventMessage(sequence: 3, message: Self.fanFailure("negative", number: 1), report: Self.critical))
            guard case .rejected(let sequence, let reason) = await agent.next() else {
                Issue.record("not rejected")
                return
            }
            #expect(sequence == 3)
            #expect(reason.contains("allow-status hq-1 on"))
            let system = try #require(try await server.systems(token: token).first)
            #expect(system.status == nil)
            #expect(system.colour == "grey")
            #expect(system.recent.isEmpty)
            // Allowed while connected: the next message is taken.
            try server.directory.setStatusAllowed("hq-1", true)
            agent.send(.eventMessage(sequence: 4, message: Self.fanFailure("negative", number: 1), report: Self.critical))
            #expect(await agent.next() == .acknowledged(sequence: 4))
            await agent.close()
        }
    }

    @Test func aStatusFrameReplacesTheReport() async throws {
        try await SRMTestServer.with { server in
            let secret = try await server.addSystem("hq-1")
            let token = try await server.login()
            let agent = try await server.welcomedAgent("hq-1", secret: secret)
            agent.send(.status(SRMStatusReport(status: .serious, active: [])))
            // A status frame has no answer; an event message after it shows it was handled first.
            agent.send(.eventMessage(sequence: 9, message: Self.fanFailure("negative", number: 1), report: SRMStatusReport(status: .serious, active: [])))
            #expect(await agent.next() == .acknowledged(sequence: 9))
            #expect(try await server.systems(token: token).first?.colour == "yellow")
            await agent.close()
        }
    }

    @Test func aSecondConnectionOfTheSameSystemReplacesTheFirst() async throws {
        try await SRMTestServer.with { server in
            let secret = try await server.addSystem("hq-1")
            let token = try await server.login()
            let first = try await server.welcomedAgent("hq-1", secret: secret)
            let second = try await server.welcomedAgent("hq-1", secret: secret, systemName: "Head office (new)")
            #expect(await first.next() == nil)
            let closing = try await first.closed()
            #expect(closing?.closeCode == .normalClosure)
            second.send(.eventMessage(sequence: 1, message: Self.fanFailure("negative", number: 1), report: Self.critical))
            #expect(await second.next() == .acknowledged(sequence: 1))
            let system = try #require(try await server.systems(token: token).first)
            #expect(system.connected)
            #expect(system.name == "Head office (new)")
            #expect(system.colour == "red")
            await second.close()
        }
    }

    @Test func aSystemShowsDisconnectedOnceItsAgentLeft() async throws {
        try await SRMTestServer.with { server in
            let secret = try await server.addSystem("hq-1")
            let token = try await server.login()
            let agent = try await server.welcomedAgent("hq-1", secret: secret)
            await agent.close()
            var connected = true
            for _ in 0..<100 where connected {
                connected = try await server.systems(token: token).first?.connected ?? true
                if connected { try await Task.sleep(for: .milliseconds(20)) }
            }
            #expect(!connected)
        }
    }

    @Test func aGracefulShutdownEndsConnectedAgents() async throws {
        let agent = try await SRMTestServer.with { server in
            try await server.welcomedAgent("hq-1", secret: try await server.addSystem("hq-1"))
        }
        // `with` returns only once the server stopped, which it did with the agent still
        // connected; the connection ended with it.
        #expect(await agent.next() == nil)
    }
}
