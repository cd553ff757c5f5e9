import CNetSNMP
import Domain
import EventMessages
import Foundation
import Logging
import Metrics
import Synchronization

/// net-snmp's agent inside the server, on a thread of its own (agent_check_and_process blocks
/// in `select`): master agent on its own UDP/TCP ports by default, or an AgentX sub-agent of
/// the system's snmpd. Everything net-snmp does happens on that thread; other threads hand it
/// work through a queue and a self-pipe (FIELD-NOTES, Net-SNMP).
///
/// net-snmp's agent is global to the process, so there is at most one per process.
public final class EmbeddedSNMPAgent: Sendable {
    public enum Role: Sendable, Hashable {
        /// Listens on `addresses` in net-snmp's notation, e.g. `udp:127.0.0.1:1161,tcp:127.0.0.1:1161`.
        case master(addresses: String)
        /// Registers with the snmpd at `socket` (e.g. `/var/agentx/master` or `tcp:127.0.0.1:705`).
        case subagent(socket: String)
        /// Serves nothing (`snmp.address off`) and only sends the SNMP destinations'
        /// notifications, which need net-snmp's thread all the same.
        case notifier
    }

    public enum StartError: Error, CustomStringConvertible {
        case alreadyRunning
        case initialisation(String)

        public var description: String {
            switch self {
            case .alreadyRunning: "an SNMP agent already runs in this process (net-snmp's agent is process-wide)"
            case .initialisation(let reason): "the SNMP agent could not start: \(reason)"
            }
        }
    }

    /// The agent thread's name (at most 15 characters, Linux's limit).
    public static let threadName = "snmp-agent"
    private static let running = Atomic<Bool>(false)
    /// The agent whose thread runs, for net-snmp callbacks that carry no context of ours (an
    /// inform's answer carries only its request number).
    static let current = Mutex<EmbeddedSNMPAgent?>(nil)

    let role: Role
    let workDirectory: String
    let engineIdentity: String
    let logger: Logger
    private let snapshot = Mutex(MIBSnapshot.empty)
    /// Per place in a request, the entry the last GETNEXT answered there: the next request of a
    /// walk asks for exactly that name (``MIBSnapshot/index(after:hint:)``). Only the agent's
    /// thread touches it; a stale hint after a new snapshot merely misses.
    let walkHints = Mutex([Int](repeating: -1, count: 64))
    private let admission = Mutex(SourceAdmission(networks: []))
    private let libraryLog = Mutex(LibraryLogThrottle())
    /// Packets net-snmp could not take as SNMP (``callplane_malformed_packets``), counted here
    /// from its statistics after each turn of the agent's loop.
    private let malformedPackets = Counter(label: "callplane_snmp_malformed_packets_total")
    private let malformedSeen = Atomic<UInt32>(0)
    /// Work for the agent's thread; once it has stopped, `open` is false and new work is refused.
    /// A job is called with `true` on the thread, or with `false` if the thread stopped first.
    private let work = Mutex<(jobs: [@Sendable (Bool) -> Void], open: Bool)>(([], true))
    /// Notification sessions by destination id; touched only on the agent's thread.
    let notificationSessions = Mutex<[String: NotificationSession]>([:])
    /// Notifications waiting for their outcome (an inform for its answer), by request number.
    let pendingNotifications = Mutex<[Int: PendingNotification]>([:])
    let nextRequest = Atomic<Int>(1)
    private let stopping = Atomic<Bool>(false)
    private let started = ContinuousClock.now
    /// The self-pipe: [read end, write end].
    private let pipeDescriptors: [Int32]
    private let outcome = Mutex<Result<Void, StartError>?>(nil)
    private let ready = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)

    /// `engineIdentity` makes the SNMPv3 engine ID stable across starts (the system id).
    public init(role: Role, workDirectory: String, engineIdentity: String, logger: Logger) throws {
        self.role = role
        // net-snmp puts "/" in front of a relative directory, so `./data/snmp` would become
        // `/data/snmp`: hand it an absolute path.
        self.workDirectory =
            workDirectory.hasPrefix("/")
            ? workDirectory
            : URL(fileURLWithPath: workDirectory, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath)).standardizedFileURL.path
        self.engineIdentity = engineIdentity
        self.logger = logger
        var descriptors: [Int32] = [0, 0]
        guard pipe(&descriptors) == 0 else { throw StartError.initialisation("pipe: \(String(cString: strerror(errno)))") }
        _ = fcntl(descriptors[0], F_SETFL, O_NONBLOCK)
        _ = fcntl(descriptors[1], F_SETFL, O_NONBLOCK)
        pipeDescriptors = descriptors
    }

    var currentSnapshot: MIBSnapshot { snapshot.withLock { $0 } }

    public func publish(_ new: MIBSnapshot) {
        snapshot.withLock { $0 = new }
    }

    /// Starts the thread with `access` in force and returns once the agent listens (or failed).
    public func start(access: SNMPAgentAccess) throws {
        guard !Self.running.exchange(true, ordering: .acquiringAndReleasing) else { throw StartError.alreadyRunning }
        try FileManager.default.createDirectory(
            atPath: workDirectory, withIntermediateDirectories: true,
            attributes: [.posixPermissions: 0o700])
        admission.withLock { $0.networks = access.networks }
        work.withLock { $0.jobs.append { [self] _ in self.remember(access) } }
        var thread = pthread_t()
        let context = Unmanaged.passRetained(self).toOpaque()
        guard pthread_create(&thread, nil, NetSNMPBridge.threadMain, context) == 0 else {
            Unmanaged<EmbeddedSNMPAgent>.fromOpaque(context).release()
            Self.running.store(false, ordering: .releasing)
            throw StartError.initialisation("could not create the agent thread")
        }
        pthread_detach(thread)
        ready.wait()
        if case .failure(let error) = outcome.withLock({ $0 }) { throw error }
    }

    /// Puts new access in force: the lines are read again on the agent's thread.
    public func apply(_ access: SNMPAgentAccess) {
        admission.withLock { $0.networks = access.networks }
        enqueue { [self] live in
            guard live else { return }
            callplane_usm_remove_all_users()
            // The users net-snmp made for the SNMPv3 receivers went too: their sessions
            // discover the receivers again on their next notification.
            retireNotificationSessions()
            remember(access)
            update_config()
            logger.info(
                "SNMP agent access changed",
                metadata: ["communities": "\(access.communities.count)", "users": "\(access.users.count)", "networks": "\(access.networks.count)"])
        }
    }

    /// Stops the thread and waits for it.
    public func stop() {
        guard !stopping.exchange(true, ordering: .acquiringAndReleasing) else { return }
        enqueue { _ in }
        finished.wait()
    }

    /// Hands `job` to the agent's thread; `false` when the thread has stopped.
    @discardableResult
    func enqueue(_ job: @escaping @Sendable (Bool) -> Void) -> Bool {
        guard
            work.withLock({ queue in
                if queue.open { queue.jobs.append(job) }
                return queue.open
            })
        else { return false }
        var byte: UInt8 = 1
        _ = write(pipeDescriptors[1], &byte, 1)
        return true
    }

    func runQueuedWork() {
        let jobs = work.withLock { queue in
            defer { queue.jobs.removeAll() }
            return queue.jobs
        }
        jobs.forEach { $0(true) }
    }

    /// After the thread's last round: what was queued or in flight learns that it will not run.
    private func closeWork() {
        let jobs = work.withLock { queue in
            queue.open = false
            defer { queue.jobs.removeAll() }
            return queue.jobs
        }
        jobs.forEach { $0(false) }
        failPendingNotifications(DeliveryFailure(.notAvailable, "the SNMP agent stopped"))
    }

    func admits(_ source: callplane_source_address) -> Bool {
        admission.withLock { $0.admits(source) }
    }

    /// Hundredths of a second since the agent started (`cpUptime`, and `sysUpTime.0` of every
    /// notification).
    var uptimeTicks: UInt32 {
        let elapsed = ContinuousClock.now - started
        return UInt32(truncatingIfNeeded: elapsed.components.seconds * 100 + elapsed.components.attoseconds / 10_000_000_000_000_000)
    }

    private func remember(_ access: SNMPAgentAccess) {
        for line in [Self.engineLine(engineIdentity)] + access.configurationLines {
            line.withCString { netsnmp_config_remember(UnsafeMutablePointer(mutating: $0)) }
        }
    }

    /// `engineID` takes text and makes an RFC 3411 engine ID of it: net-snmp's 5-octet prefix
    /// (enterprise 8072, format 4 "text") and the text, which may have at most 27 octets to stay
    /// within the 32 an engine ID may have. The system id is unique per installation (issue 13,
    /// point 9) and a generated one (`CP-` and 24 hex digits) fits exactly; a longer one set by
    /// an administrator keeps its first 11 characters and a 64-bit FNV-1a digest of the whole.
    static func engineLine(_ identity: String) -> String {
        "engineID " + engineText(identity)
    }

    static func engineText(_ identity: String) -> String {
        let text = identity.filter { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
        guard !text.isEmpty else { return "callplane-system" }
        guard text.utf8.count > 27 else { return text }
        var digest: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            digest = (digest ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        let hex = String(digest, radix: 16)
        return text.prefix(11) + String(repeating: "0", count: 16 - hex.count) + hex
    }

    func runOnAgentThread() {
        defer {
            Unmanaged.passUnretained(self).release()
            finished.signal()
        }
        // Named so `top -H` and `ps -L` show the agent's share of the server's time.
        callplane_name_thread(Self.threadName)
        let name = "callplane"
        switch role {
        case .master(let addresses): callplane_snmp_prepare(workDirectory, addresses)
        case .subagent(let socket): callplane_snmp_prepare_subagent(workDirectory, socket)
        case .notifier: callplane_snmp_prepare(workDirectory, "")
        }
        let context = Unmanaged.passUnretained(self).toOpaque()
        callplane_snmp_log_to(NetSNMPBridge.log, context)
        // Debian's agent library has SMUX, which would listen on TCP 0.0.0.0:199.
        "-smux".withCString { add_to_init_list(UnsafeMutablePointer(mutating: $0)) }
        guard init_agent(name) == 0 else {
            return fail("init_agent failed")
        }
        let root = CallplaneMIB.objects.map { oid($0) }
        if role != .notifier {
            guard callplane_snmp_register("callplaneObjects", root, root.count, NetSNMPBridge.handler, context) == 0 else {
                return fail("the CALLPLANE-MIB handler could not be registered")
            }
        }
        _ = callplane_snmp_register_access_check(NetSNMPBridge.accessCheck, context)
        runQueuedWork()
        init_snmp(name)
        if case .master(let addresses) = role {
            guard init_master_agent() == 0 else { return fail("could not listen on \(addresses)") }
        }
        register_readfd(pipeDescriptors[0], NetSNMPBridge.wake, context)
        Self.current.withLock { $0 = self }
        outcome.withLock { $0 = .success(()) }
        logger.info("SNMP agent started", metadata: ["role": "\(role)"])
        ready.signal()
        while !stopping.load(ordering: .acquiring) {
            agent_check_and_process(1)
            countMalformedPackets()
        }
        unregister_readfd(pipeDescriptors[0])
        callplane_snmp_unregister_access_check(NetSNMPBridge.accessCheck, context)
        closeNotificationSessions()
        callplane_snmp_log_unregister(NetSNMPBridge.log, context)
        snmp_shutdown(name)
        Self.current.withLock { $0 = nil }
        closeWork()
        logger.info("SNMP agent stopped")
    }

    private func countMalformedPackets() {
        let total = UInt32(callplane_malformed_packets())
        let before = malformedSeen.exchange(total, ordering: .relaxed)
        if total > before { malformedPackets.increment(by: Int(total - before)) }
    }

    /// A line net-snmp logged, at the level its syslog priority means (net-snmp ends most
    /// lines with a newline, and logs some in pieces). Warnings and errors — what a packet from
    /// the wire provokes — go through ``LibraryLogThrottle``.
    func libraryLogged(priority: Int32, _ text: String) {
        var line = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !line.isEmpty else { return }
        if priority <= 4 {
            let now = Int64(Date().timeIntervalSince1970 * 1_000_000)
            guard let admitted = libraryLog.withLock({ $0.admit(line, now: now) }) else { return }
            line = admitted
        }
        // Its advice to run snmpconf is wrong here: no access is the default, by design.
        if line.hasPrefix("Warning: no access control information configured") {
            logger.info("SNMP agent: no community or user yet, so it answers nobody until access is granted (PUT /api/v1/snmp/agent)")
            return
        }
        let level: Logger.Level =
            switch priority {
            case ...2: .critical
            case 3: .error
            case 4: .warning
            case 5: .notice
            case 6: .info
            default: .debug
            }
        logger.log(level: level, "net-snmp: \(line)")
    }

    private func fail(_ reason: String) {
        // Nothing of net-snmp's may call back into an agent that failed to start.
        let context = Unmanaged.passUnretained(self).toOpaque()
        callplane_snmp_unregister_access_check(NetSNMPBridge.accessCheck, context)
        callplane_snmp_log_unregister(NetSNMPBridge.log, context)
        outcome.withLock { $0 = .failure(.initialisation(reason)) }
        closeWork()
        Self.running.store(false, ordering: .releasing)
        ready.signal()
    }
}
