import Foundation

/// `posix_spawn` and `waitpid` for the SNMP figures' subprocesses (snmpd, snmpbulkwalk, the
/// AgentX sub-agent). Foundation's `Process` does not fit here: `waitUntilExit` polls its run
/// loop every 50 ms, which a short walk would count as the agent's time; and snmpd closes the
/// descriptors it inherits, which `Process` takes for the child's exit — its monitor thread then
/// blocks in `waitpid` for the running snmpd and reaps no other child.
///
/// The child gets an empty signal mask and default handlers (dispatch's threads block nearly
/// every signal, and a child inherits that mask, so SIGTERM would not stop it) and no
/// descriptor of ours beyond its 0, 1 and 2.
enum Spawn {
    enum Stream {
        case null
        /// A descriptor of ours, e.g. one end of a pipe (the child gets a copy).
        case descriptor(Int32)
        /// A file, created or truncated.
        case file(String)
    }

    static func start(
        _ arguments: [String], environment: [String: String], input: Stream = .null, output: Stream = .null,
        error: Stream = .null
    ) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for (target, stream) in [(Int32(0), input), (1, output), (2, error)] {
            switch stream {
            case .null: posix_spawn_file_actions_addopen(&actions, target, "/dev/null", target == 0 ? O_RDONLY : O_WRONLY, 0)
            case .descriptor(let descriptor): posix_spawn_file_actions_adddup2(&actions, descriptor, target)
            case .file(let path): posix_spawn_file_actions_addopen(&actions, target, path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
            }
        }
        if let closeFrom = closeFrom { _ = closeFrom(&actions, 3) }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t()
        sigemptyset(&none)
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid = pid_t()
        let status = posix_spawn(&pid, arguments[0], &actions, &attributes, argv, envp)
        guard status == 0 else { throw BenchError("could not start \(arguments[0]): \(String(cString: strerror(status)))") }
        return pid
    }

    /// A pipe whose ends are not inherited by other children (only the copy `start` makes).
    /// Starts this bench binary again with `arguments` (a hidden subcommand), its standard input
    /// and output piped to the caller and its standard error shared. Returns the child and the
    /// caller's ends: closing `input` tells the child to stop; `output` carries what it says.
    static func startSelf(_ arguments: [String]) throws -> (pid: pid_t, input: Int32, output: Int32) {
        let executable = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
        let stdin = try pipe(), stdout = try pipe()
        // The child has its own copies now; ours would keep its output from ever ending in EOF.
        defer {
            close(stdin.read)
            close(stdout.write)
        }
        do {
            let pid = try start(
                [executable] + arguments, environment: ProcessInfo.processInfo.environment, input: .descriptor(stdin.read),
                output: .descriptor(stdout.write), error: .descriptor(2))
            return (pid, stdin.write, stdout.read)
        } catch {
            close(stdin.write)
            close(stdout.read)
            throw error
        }
    }

    static func pipe() throws -> (read: Int32, write: Int32) {
        var descriptors: [Int32] = [0, 0]
        guard Glibc.pipe(&descriptors) == 0 else { throw BenchError("pipe: \(String(cString: strerror(errno)))") }
        for descriptor in descriptors { _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC) }
        return (descriptors[0], descriptors[1])
    }

    /// Blocks until `pid` exits: its exit status, or `nil` when a signal ended it.
    static func wait(_ pid: pid_t) -> Int32? {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        return status & 0x7F == 0 ? (status >> 8) & 0xFF : nil
    }

    /// Blocks until `pid` exits: its exit status (nil when a signal ended it) and its peak
    /// resident memory in bytes (`wait4`'s `ru_maxrss`).
    static func waitMeasuringMemory(_ pid: pid_t) -> (status: Int32?, peakBytes: Int) {
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0, errno == EINTR {}
        return (status & 0x7F == 0 ? (status >> 8) & 0xFF : nil, usage.ru_maxrss * 1_024)
    }

    /// Whether `pid` still runs (reaping it if it has exited).
    static func isRunning(_ pid: pid_t) -> Bool {
        var status: Int32 = 0
        return waitpid(pid, &status, WNOHANG) == 0
    }

    /// SIGTERM, then SIGKILL if it has not exited within `grace`.
    static func stop(_ pid: pid_t, grace: Duration = .seconds(5)) {
        guard isRunning(pid) else { return }
        kill(pid, SIGTERM)
        let deadline = ContinuousClock.now + grace
        while isRunning(pid) {
            guard ContinuousClock.now < deadline else {
                kill(pid, SIGKILL)
                _ = wait(pid)
                return
            }
            usleep(10_000)
        }
    }

    /// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34 and later), which Swift does
    /// not import; without it a child inherits our descriptors that lack FD_CLOEXEC.
    private static let closeFrom: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32)? = {
        guard let symbol = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np") else { return nil }
        return unsafeBitCast(symbol, to: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32).self)
    }()
}
