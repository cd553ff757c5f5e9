import Foundation

/// The machine's own net-snmp `snmpd`, started by the benchmark as a subprocess on loopback
/// ports of its own, with a configuration of its own in a temporary directory (nothing of
/// `/etc/snmp` or `/var/lib/snmp` is read or written). The bench starts two: one with the
/// ``SNMPDTableModule`` loaded, the baseline of the first figure, and one as the AgentX master
/// of the sub-agent figure. They cannot be one: the sub-agent registers all of CALLPLANE-MIB,
/// and snmpd would answer the table from whichever registration is more specific.
final class SNMPDaemon {
    let address: String
    /// Set for an AgentX master.
    let agentXSocket: String?
    let directory: String
    private let pid: pid_t

    /// `agentXPort`: be an AgentX master on that loopback port; `module`: load it.
    init(executable: String, directory: String, community: String, udpPort: Int, agentXPort: Int? = nil, module: SNMPDTableModule? = nil) throws {
        self.directory = directory
        address = "udp:127.0.0.1:\(udpPort)"
        agentXSocket = agentXPort.map { "tcp:127.0.0.1:\($0)" }
        let persistent = (directory as NSString).appendingPathComponent("persistent")
        try FileManager.default.createDirectory(atPath: persistent, withIntermediateDirectories: true)
        let configuration = (directory as NSString).appendingPathComponent("snmpd.conf")
        var lines = ["rocommunity \(community) 127.0.0.1"]
        if let agentXSocket { lines += ["master agentx", "agentXSocket \(agentXSocket)"] }
        if let module { lines.append(module.configurationLine) }
        try lines.joined(separator: "\n").appending("\n").write(toFile: configuration, atomically: true, encoding: .utf8)

        // -f: stay in the foreground (a child we can stop); -C -c: only our file; -I -smux: no
        // SMUX listener on TCP 199; the address on the command line replaces agentaddress.
        let arguments = [
            executable, "-f", "-Lf", (directory as NSString).appendingPathComponent("snmpd.log"), "-C", "-c", configuration,
            "-p", (directory as NSString).appendingPathComponent("snmpd.pid"), "-I", "-smux", address,
        ]
        var environment = ProcessInfo.processInfo.environment
        environment["SNMP_PERSISTENT_DIR"] = persistent
        environment["SNMPCONFPATH"] = directory
        environment.merge(module?.environment ?? [:]) { _, module in module }

        pid = try Spawn.start(arguments, environment: environment)
    }

    var logPath: String { (directory as NSString).appendingPathComponent("snmpd.log") }

    var isRunning: Bool { Spawn.isRunning(pid) }

    /// The end of snmpd's log, for a failure message.
    var logTail: String { logLines(matching: nil).suffix(5).joined(separator: " | ") }

    /// The lines of snmpd's log that contain `text` (all of them for nil): its MIB-loading
    /// complaints would bury a module's own.
    func logLines(matching text: String?) -> [String] {
        let log = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
        return log.split(separator: "\n").map(String.init).filter { line in text.map { line.contains($0) } ?? true }
    }

    /// snmpd's CPU time so far (it runs on one thread): the first field of its schedstat, in ns.
    func cpuSeconds() throws -> Double {
        let path = "/proc/\(pid)/schedstat"
        guard let text = try? String(contentsOfFile: path, encoding: .utf8),
            let nanoseconds = text.split(separator: " ").first.flatMap({ Double($0) })
        else {
            throw BenchError("cannot read snmpd's CPU time from \(path)")
        }
        return nanoseconds / 1e9
    }

    func stop() { Spawn.stop(pid) }
}
