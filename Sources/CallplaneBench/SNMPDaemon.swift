import Foundation

/// The machine's own net-snmp `snmpd`, started by the benchmark as a subprocess on loopback
/// ports of its own, with a configuration of its own in a temporary directory (nothing of
/// `/etc/snmp` or `/var/lib/snmp` is read or written). It is both the baseline — its standard
/// tables, walked with the same tool — and the AgentX master of the sub-agent figure.
final class SNMPDaemon {
    let address: String
    let agentXSocket: String
    let directory: String
    private let pid: pid_t

    init(executable: String, directory: String, community: String, udpPort: Int, agentXPort: Int) throws {
        self.directory = directory
        address = "udp:127.0.0.1:\(udpPort)"
        agentXSocket = "tcp:127.0.0.1:\(agentXPort)"
        let persistent = (directory as NSString).appendingPathComponent("persistent")
        try FileManager.default.createDirectory(atPath: persistent, withIntermediateDirectories: true)
        let configuration = (directory as NSString).appendingPathComponent("snmpd.conf")
        try """
        rocommunity \(community) 127.0.0.1
        master agentx
        agentXSocket \(agentXSocket)
        """.write(toFile: configuration, atomically: true, encoding: .utf8)

        // -f: stay in the foreground (a child we can stop); -C -c: only our file; -I -smux: no
        // SMUX listener on TCP 199; the address on the command line replaces agentaddress.
        let arguments = [
            executable, "-f", "-Lf", (directory as NSString).appendingPathComponent("snmpd.log"), "-C", "-c", configuration,
            "-p", (directory as NSString).appendingPathComponent("snmpd.pid"), "-I", "-smux", address,
        ]
        var environment = ProcessInfo.processInfo.environment
        environment["SNMP_PERSISTENT_DIR"] = persistent
        environment["SNMPCONFPATH"] = directory

        pid = try Spawn.start(arguments, environment: environment)
    }

    var logPath: String { (directory as NSString).appendingPathComponent("snmpd.log") }

    var isRunning: Bool { Spawn.isRunning(pid) }

    /// The end of snmpd's log, for a failure message.
    var logTail: String {
        let text = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").suffix(5).joined(separator: " | ")
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
