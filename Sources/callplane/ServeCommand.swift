import ArgumentParser
import CallplaneServer
import Configuration
import Logging

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the server (defaults: data in ./data, HTTP on 127.0.0.1:8080).",
        discussion:
            "Settings come from these flags, then CALLPLANE_* environment variables (e.g. CALLPLANE_HTTP_PORT), then the --config JSON file, then the defaults."
    )

    @Option(help: "A JSON file of settings, e.g. {\"http\": {\"port\": 8080}, \"data\": {\"dir\": \"/var/lib/callplane\"}}.")
    var config: String?
    @Option(name: .customLong("data-dir"), help: "Directory of the database and the secret key.")
    var dataDirectory: String?
    @Option(name: .customLong("http-host"), help: "Address of the admin API.")
    var httpHost: String?
    @Option(name: .customLong("http-port"), help: "Port of the admin API (0 picks a free one).")
    var httpPort: Int?
    @Option(name: .customLong("tls-certificate"), help: "PEM certificate chain: serve the admin API over HTTPS only (with --tls-key).")
    var tlsCertificate: String?
    @Option(name: .customLong("tls-key"), help: "PEM private key of the --tls-certificate.")
    var tlsKey: String?
    @Option(name: .customLong("http-read-timeout"), help: "Seconds a client has to send a whole request (from connecting, or from the request's first byte).")
    var httpReadTimeout: Int?
    @Option(name: .customLong("http-idle-timeout"), help: "Seconds a kept-alive admin API connection may wait for its next request.")
    var httpIdleTimeout: Int?
    @Option(name: .customLong("http-max-connections"), help: "Admin API connections open at once; more are closed at once.")
    var httpMaxConnections: Int?
    @Option(name: .customLong("snapshot-interval"), help: "Save a state snapshot every N events (0: only at shutdown).")
    var snapshotInterval: Int?
    @Flag(name: .customLong("ignore-snapshots"), help: "Rebuild the state from the whole log.")
    var ignoreSnapshots = false
    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical.")
    var logLevel: String?
    @Option(name: .customLong("snmp-address"), help: "Where the SNMP agent listens, e.g. udp:127.0.0.1:1161 or udp:0.0.0.0:161,tcp:0.0.0.0:161; off for none.")
    var snmpAddress: String?
    @Option(name: .customLong("snmp-agentx"), help: "Run the SNMP agent as an AgentX sub-agent of the system snmpd at this socket.")
    var snmpAgentX: String?
    @Option(
        name: .customLong("sip-listen"),
        help: "Where the SIP listeners bind, e.g. udp:127.0.0.1:5060,tcp:127.0.0.1:5060,tls:127.0.0.1:5061; off for none.")
    var sipListen: String?
    @Option(
        name: .customLong("sip-digest-algorithms"),
        help: "Digest algorithms the registrar offers, most preferred first (default SHA-256,MD5).")
    var sipDigestAlgorithms: String?
    @Option(
        name: .customLong("media-relay-host"),
        help: "The address the media relay binds and names in SDP (default: the first SIP listener's; 0.0.0.0 for every address).")
    var mediaRelayHost: String?
    @Option(
        name: .customLong("atas-listen"),
        help: "Where the alarm server interface (ATAS, docs/atas.md) listens, e.g. tls:0.0.0.0:7443; off (the default) for none.")
    var atasListen: String?
    @Flag(name: .customLong("virtual-clock"), help: "Run on a virtual clock moved only by POST /api/v1/clock/advance (integration tests; never in production).")
    var virtualClock = false

    func run() async throws {
        var flags: [String: ConfigValue] = [:]
        if let dataDirectory { flags[ServerSettings.Key.dataDirectory] = ConfigValue(.string(dataDirectory), isSecret: false) }
        if let httpHost { flags[ServerSettings.Key.httpHost] = ConfigValue(.string(httpHost), isSecret: false) }
        if let httpPort { flags[ServerSettings.Key.httpPort] = ConfigValue(.int(httpPort), isSecret: false) }
        if let tlsCertificate { flags[ServerSettings.Key.tlsCertificateFile] = ConfigValue(.string(tlsCertificate), isSecret: false) }
        if let tlsKey { flags[ServerSettings.Key.tlsKeyFile] = ConfigValue(.string(tlsKey), isSecret: false) }
        if let httpReadTimeout { flags[ServerSettings.Key.httpReadTimeout] = ConfigValue(.int(httpReadTimeout), isSecret: false) }
        if let httpIdleTimeout { flags[ServerSettings.Key.httpIdleTimeout] = ConfigValue(.int(httpIdleTimeout), isSecret: false) }
        if let httpMaxConnections { flags[ServerSettings.Key.httpMaxConnections] = ConfigValue(.int(httpMaxConnections), isSecret: false) }
        if let snapshotInterval { flags[ServerSettings.Key.snapshotInterval] = ConfigValue(.int(snapshotInterval), isSecret: false) }
        if ignoreSnapshots { flags[ServerSettings.Key.ignoreSnapshots] = ConfigValue(.bool(true), isSecret: false) }
        if virtualClock { flags[ServerSettings.Key.virtualClock] = ConfigValue(.bool(true), isSecret: false) }
        if let snmpAddress { flags[ServerSettings.Key.snmpAddress] = ConfigValue(.string(snmpAddress), isSecret: false) }
        if let snmpAgentX { flags[ServerSettings.Key.snmpAgentXSocket] = ConfigValue(.string(snmpAgentX), isSecret: false) }
        if let sipDigestAlgorithms {
            flags[ServerSettings.Key.sipDigestAlgorithms] = ConfigValue(.string(sipDigestAlgorithms), isSecret: false)
        }
        if let sipListen { flags[ServerSettings.Key.sipListen] = ConfigValue(.string(sipListen), isSecret: false) }
        if let mediaRelayHost { flags[ServerSettings.Key.mediaRelayHost] = ConfigValue(.string(mediaRelayHost), isSecret: false) }
        if let atasListen { flags[ServerSettings.Key.atasListen] = ConfigValue(.string(atasListen), isSecret: false) }
        if let logLevel { flags[ServerSettings.Key.logLevel] = ConfigValue(.string(logLevel), isSecret: false) }
        let settings: ServerSettings
        do {
            settings = try await ServerSettings.load(configFile: config, flags: flags)
        } catch let error as ServerSettingsError {
            throw ValidationError(error.description)
        }
        CommandLineLogging.bootstrap(level: settings.logLevel)
        var logger = Logger(label: "callplane")
        logger.logLevel = settings.logLevel
        if case .restart = try await CallplaneServer.run(settings: settings, logger: logger) {
            logger.notice("restarting")
            ProcessRestart.exec()
        }
    }
}
