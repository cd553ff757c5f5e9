import Connectors
import Foundation
import Logging
import NIOSSL
import SRMWire
import WSClient

/// Issue 19's figures. Status updates per second through the agent: event messages for the SRM
/// destination, each with the status it leaves the system in, uploaded by the agent
/// (``SRMAgent``, in this process) to a real `callplane-srm` on loopback over TLS in batches of
/// 64 — as the delivery engine hands them — and counted when the SRM server acknowledged them;
/// beside a bare WebSocket client (swift-websocket, no agent) sending the same frames to the same
/// server with the same batches, in the same run. The relay figure is in ``SRMBench+Relay``.
///
/// The issue sets no threshold: both figures are informational.
struct SRMBench {
    let options: CallplaneBench.Options
    static let batch = 64
    static let systemID = "BENCH-SRM-1"

    var messages: Int { options.smoke ? 500 : 20_000 }

    func run() async throws -> [BenchFigure] {
        let peer = try SRMServerProcess(directory: (options.directory as NSString).appendingPathComponent("srm"), systemID: Self.systemID)
        defer { peer.stop() }
        var agent: [Double] = []
        var bare: [Double] = []
        for run in 1...options.runs {
            let viaAgent = try await throughAgent(peer)
            let direct = try await throughBareClient(peer)
            agent.append(viaAgent)
            bare.append(direct)
            print(String(format: "srm run %d: %d status updates through the agent %.0f/s; bare WebSocket client %.0f/s", run, messages, viaAgent, direct))
        }
        return [
            BenchFigure(
                name: "SRM status updates through the agent (\(messages) event messages, batches of \(Self.batch), TLS)", runs: agent, unit: "updates/s",
                baselineName: "a bare WebSocket client sending the same frames", baselineRuns: bare, target: .informational)
        ] + (try await SRMBench.relayFigures(options: options, peer: peer))
    }

    static func frame(_ sequence: Int64) -> (message: SRMEventMessage, report: SRMStatusReport) {
        let message = SRMEventMessage(
            number: sequence, type: "fan_failure", code: 39, name: "Fan failure", severity: "critical", polarity: "negative",
            parameters: ["fanStatus": "0"], at: 1_767_225_600_000_000 + sequence, activeNumber: sequence, simulated: false)
        let report = SRMStatusReport(
            status: .critical,
            active: [
                SRMActiveMessage(
                    number: sequence, type: "fan_failure", code: 39, name: "Fan failure", severity: "critical", parameters: ["fanStatus": "0"],
                    firstAt: message.at, lastAt: message.at, count: 1)
            ])
        return (message, report)
    }

    private func throughAgent(_ peer: SRMServerProcess) async throws -> Double {
        let configuration = SRMAgentConfiguration(
            host: "localhost", port: peer.port, secret: peer.secret, trustedCertificate: peer.authority, systemID: Self.systemID,
            systemName: "Bench", softwareVersion: "bench")
        var logger = Logger(label: "bench.srm")
        logger.logLevel = .warning
        let agent = SRMAgent(
            configuration: { configuration },
            outcomes: SRMConnectionReport(raise: { _ in }, activeFailure: { .some(nil) }, now: { 0 }), now: { 0 }, logger: logger)
        let running = Task { await agent.run() }
        defer { running.cancel() }
        for _ in 0..<200 where await agent.status.state != .connected { try await Task.sleep(for: .milliseconds(50)) }
        guard await agent.status.state == .connected else { throw BenchError("the agent did not connect: \(await agent.status)") }
        let start = ContinuousClock.now
        var sequence: Int64 = peer.nextSequence(messages)
        let end = sequence + Int64(messages)
        while sequence < end {
            let batch = (sequence..<min(end, sequence + Int64(Self.batch))).map { (sequence: $0, message: Self.frame($0).message) }
            do {
                try await agent.upload(batch, report: Self.frame(batch.last!.sequence).report)
            } catch {
                throw BenchError("the agent's upload failed: \(error)")
            }
            sequence += Int64(batch.count)
        }
        return Double(messages) / (ContinuousClock.now - start).seconds
    }

    private func throughBareClient(_ peer: SRMServerProcess) async throws -> Double {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMBytes(Array(peer.authority.utf8)))
        let first = peer.nextSequence(messages)
        let count = messages
        let hello = SRMFrameCoding.encode(
            SRMAgentFrame.hello(SRMHello(systemID: Self.systemID, secret: peer.secret, systemName: "Bench", softwareVersion: "bench")))
        var logger = Logger(label: "bench.srm.bare")
        logger.logLevel = .warning
        let elapsed = Elapsed()
        try await WebSocketClient.connect(
            url: "wss://localhost:\(peer.port)/agent", configuration: WebSocketClientConfiguration(maxFrameSize: SRMFrameCoding.maximumBytes),
            tlsConfiguration: tls, logger: logger
        ) { inbound, outbound, _ in
            try await outbound.write(.text(hello))
            var answers = inbound.messages(maxSize: SRMFrameCoding.maximumBytes).makeAsyncIterator()
            guard case .text(let welcome) = try await answers.next(), case .welcome = try SRMFrameCoding.decode(SRMServerFrame.self, from: welcome) else {
                throw BenchError("the bare client was not welcomed")
            }
            let start = ContinuousClock.now
            var sequence = first
            let end = first + Int64(count)
            while sequence < end {
                let last = min(end, sequence + Int64(Self.batch))
                for number in sequence..<last {
                    let (message, report) = Self.frame(number)
                    try await outbound.write(.text(SRMFrameCoding.encode(SRMAgentFrame.eventMessage(sequence: number, message: message, report: report))))
                }
                var acknowledged = 0
                while acknowledged < last - sequence {
                    guard case .text(let text) = try await answers.next() else { throw BenchError("the SRM server closed during the bare run") }
                    if case .acknowledged = try SRMFrameCoding.decode(SRMServerFrame.self, from: text) { acknowledged += 1 }
                }
                sequence = last
            }
            elapsed.set(ContinuousClock.now - start)
            try await outbound.close(.normalClosure, reason: nil)
        }
        return Double(count) / elapsed.value.seconds
    }
}
