import Domain
import EventLog
import Foundation
import Logging
import SNMP

/// The AgentX figure's sub-agent. net-snmp's agent is process-wide and this process already
/// runs the embedded master, so the sub-agent is this same executable started again with a
/// hidden argument: it serves the same simulated rows to the snmpd at `socket`, says `ready` on
/// standard output, and stops when its standard input closes.
final class AgentXSubagent {
    /// `callplane-bench --agentx-subagent SOCKET --rows N --dir DIR` runs ``serve(socket:rows:directory:)``.
    static let argument = "--agentx-subagent"
    static let readyLine = "ready"

    private let pid: pid_t
    /// Our end of the child's standard input: closing it stops the child.
    private let input: Int32

    /// Starts the child and returns once its agent has started and holds the rows.
    init(socket: String, rows: Int, directory: String) throws {
        let child = try Spawn.startSelf([Self.argument, socket, "--rows", String(rows), "--dir", directory])
        pid = child.pid
        input = child.input
        let output = child.output
        defer { close(output) }
        var said: [UInt8] = []
        var byte: UInt8 = 0
        while byte != UInt8(ascii: "\n") {
            let count = read(output, &byte, 1)
            if count < 0, errno == EINTR { continue }
            guard count == 1 else {
                stop()
                throw BenchError("the AgentX sub-agent exited before it was ready")
            }
            said.append(byte)
        }
        let line = String(decoding: said, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard line == Self.readyLine else {
            stop()
            throw BenchError("the AgentX sub-agent said \(line) instead of \(Self.readyLine)")
        }
    }

    /// Closes the child's standard input and waits for it to stop its agent and exit.
    func stop() {
        close(input)
        let deadline = ContinuousClock.now + .seconds(10)
        while Spawn.isRunning(pid), ContinuousClock.now < deadline { usleep(10_000) }
        Spawn.stop(pid)
    }

    /// The child's side: the same rows as the master's figure, served as an AgentX sub-agent.
    static func serve(socket: String, rows: Int, directory: String) throws {
        let sealing = try SecretBox(key: SecretBox.generateKey())
        let snapshot = try SimulatedEventMessages.snapshot(rows: rows, endingAt: SystemWallClock().now(), sealing: sealing)
        let agent = try EmbeddedSNMPAgent(
            role: .subagent(socket: socket), workDirectory: (directory as NSString).appendingPathComponent("subagent"),
            engineIdentity: "bench-subagent", logger: Logger(label: "bench.agentx"))
        // snmpd decides who reads (its own community); the sub-agent only sees snmpd, on loopback.
        try agent.start(access: try SNMPAgentAccess(settings: SNMPAgentSettings(), opening: sealing))
        agent.publish(snapshot)
        FileHandle.standardOutput.write(Data("\(readyLine)\n".utf8))
        _ = FileHandle.standardInput.readDataToEndOfFile()
        agent.stop()
    }
}
