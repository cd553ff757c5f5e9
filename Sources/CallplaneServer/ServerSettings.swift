import ATAS
import Configuration
import Domain
import Foundation
import Logging
import NIOCore
import SIP
import SystemPackage

/// The bootstrap settings: what the server needs before it can open its log. Everything else
/// is configuration and lives in the log.
///
/// Sources, highest priority first: command-line flags, environment variables
/// (`CALLPLANE_` + the key in upper case with `_`, e.g. `CALLPLANE_HTTP_PORT`), a JSON file
/// (`--config`), then the built-in defaults, which need no file: data in `./data`, HTTP on
/// 127.0.0.1:8080 (loopback: remote maintenance is barred by default anyway, and without TLS
/// passwords would cross the network in clear).
public struct ServerSettings: Sendable, Hashable {
    /// Directory of the database and the secret key (`data.dir`).
    public var dataDirectory: String = "./data"
    /// Address of the HTTP API (`http.host`).
    public var httpHost: String = "127.0.0.1"
    /// Port of the HTTP API (`http.port`); 0 picks a free one.
    public var httpPort: Int = 8080
    /// PEM certificate chain for HTTPS on the admin API (`http.tlsCertificate`); with
    /// `http.tlsKey` the API speaks only TLS. Without them it speaks plain HTTP, which is fine
    /// on loopback but sends passwords in clear anywhere else.
    public var tlsCertificateFile: String?
    /// PEM private key of that certificate (`http.tlsKey`).
    public var tlsKeyFile: String?
    /// Seconds a client has to send a whole request, head and body, counted from the
    /// connection's opening (TLS handshake included) or from the request's first byte
    /// (`http.readTimeout`). Without it a client that never finished its head kept its
    /// connection for ever (issue 13, point 17).
    public var httpReadTimeout: Int = 10
    /// Seconds a kept-alive connection may wait for its next request (`http.idleTimeout`).
    public var httpIdleTimeout: Int = 60
    /// Admin API connections open at once (`http.maxConnections`); more are closed as soon as
    /// they are accepted, so stalled clients cannot use up the file descriptors (issue 13,
    /// point 17).
    public var httpMaxConnections: Int = 256
    /// A state snapshot every this many events (`snapshot.interval`); 0 only at shutdown.
    public var snapshotInterval: Int = 10_000
    /// Rebuild the state from the whole log instead of the newest snapshot (`snapshot.ignore`).
    public var ignoreSnapshots: Bool = false
    /// `trace` … `critical` (`log.level`).
    public var logLevel: Logger.Level = .info
    /// The AES key that seals secrets in the log (`secrets.keyFile`); default `<data.dir>/secret.key`.
    public var secretKeyFile: String?
    /// Run on a virtual clock that only `POST /api/v1/clock/advance` moves (`clock.virtual`):
    /// for integration tests of schedules measured in hours. Never for production.
    public var virtualClock: Bool = false
    /// Where the embedded SNMP agent listens (`snmp.address`), in net-snmp's notation: UDP on
    /// loopback port 1161 by default (161 needs root), `udp:…,tcp:…` for TCP as well, `off`
    /// for no agent.
    public var snmpAddress: String = "udp:127.0.0.1:1161"
    /// Run the agent as an AgentX sub-agent of the system's snmpd at this socket instead
    /// (`snmp.agentx`, e.g. `/var/agentx/master` or `tcp:127.0.0.1:705`).
    public var snmpAgentXSocket: String?
    /// Where the SIP listeners bind (`sip.listen`, `--sip-listen`, `CALLPLANE_SIP_LISTEN`): UDP and
    /// TCP on loopback port 5060 and TLS on 5061 by default, like the other services (issue 15,
    /// point 1), TLS with the system's own certificate; `off` for none.
    public var sipListen: [SIPListenAddress] = ServerSettings.defaultSIPListen

    /// The digest algorithms the registrar offers, one challenge each, most preferred first
    /// (`sip.digestAlgorithms`, `--sip-digest-algorithms`): SHA-256 then MD5 by default, as
    /// RFC 8760 §2.3 asks. A phone must answer the first challenge whose algorithm it knows;
    /// some (sipp 3.6 among them) answer only the first one and know only MD5 — `MD5,SHA-256` or
    /// `MD5` serves them.
    public var sipDigestAlgorithms: [SIPDigestAlgorithm] = [.sha256, .md5]
    /// Where the media relay binds its ports and what relayed session descriptions name
    /// (`media.relayHost`, `--media-relay-host`): the first SIP listener's host by default, so
    /// media is reached where signalling is; `0.0.0.0` or `::` binds every address and names
    /// the one each call's signalling flow arrived on.
    public var mediaRelayHost: String?
    /// Where the alarm server interface listens (`atas.listen`, `--atas-listen`,
    /// `CALLPLANE_ATAS_LISTEN`; docs/atas.md): `tls:HOST:PORT` or `tcp:HOST:PORT`; off (`nil`) by
    /// default, since an interface that accepts logons is opened by an administrator.
    public var atasListen: ATASListenAddress?

    public static let defaultSIPListen: [SIPListenAddress] = [
        SIPListenAddress(transport: .udp, host: "127.0.0.1", port: 5060),
        SIPListenAddress(transport: .tcp, host: "127.0.0.1", port: 5060),
        SIPListenAddress(transport: .tls, host: "127.0.0.1", port: 5061),
    ]

    public init() {}

    public var databasePath: String { (dataDirectory as NSString).appendingPathComponent("callplane.sqlite") }
    public var resolvedSecretKeyFile: String { secretKeyFile ?? (dataDirectory as NSString).appendingPathComponent("secret.key") }

    /// The keys as flags would set them, for ``load(configFile:flags:environment:)``.
    public enum Key {
        public static let dataDirectory = "data.dir"
        public static let httpHost = "http.host"
        public static let httpPort = "http.port"
        public static let tlsCertificateFile = "http.tlsCertificate"
        public static let tlsKeyFile = "http.tlsKey"
        public static let httpReadTimeout = "http.readTimeout"
        public static let httpIdleTimeout = "http.idleTimeout"
        public static let httpMaxConnections = "http.maxConnections"
        public static let snapshotInterval = "snapshot.interval"
        public static let ignoreSnapshots = "snapshot.ignore"
        public static let logLevel = "log.level"
        public static let secretKeyFile = "secrets.keyFile"
        public static let virtualClock = "clock.virtual"
        public static let snmpAddress = "snmp.address"
        public static let snmpAgentXSocket = "snmp.agentx"
        public static let sipListen = "sip.listen"
        public static let sipDigestAlgorithms = "sip.digestAlgorithms"
        public static let mediaRelayHost = "media.relayHost"
        public static let atasListen = "atas.listen"
    }

    /// Reads the settings from `flags`, then the environment, then `configFile`, then defaults.
    /// - Throws: ``ServerSettingsError`` naming the setting and its rule.
    public static func load(configFile: String?, flags: [String: ConfigValue], environment: [String: String] = ProcessInfo.processInfo.environment) async throws
        -> ServerSettings
    {
        var providers: [any ConfigProvider] = [
            InMemoryProvider(name: "flags", values: Dictionary(uniqueKeysWithValues: flags.map { (AbsoluteConfigKey(ConfigKey($0.key)), $0.value) })),
            EnvironmentVariablesProvider(environmentVariables: environment).prefixKeys(with: "callplane"),
        ]
        if let configFile {
            do {
                providers.append(try await FileProvider<JSONSnapshot>(filePath: FilePath(configFile)))
            } catch {
                throw ServerSettingsError(setting: "config", rule: "the file \(configFile) must exist and hold a JSON object (\(error))")
            }
        }
        let reader = ConfigReader(providers: providers)
        var settings = ServerSettings()
        settings.dataDirectory = reader.string(forKey: ConfigKey(Key.dataDirectory), default: settings.dataDirectory)
        settings.httpHost = reader.string(forKey: ConfigKey(Key.httpHost), default: settings.httpHost)
        settings.httpPort = reader.int(forKey: ConfigKey(Key.httpPort), default: settings.httpPort)
        settings.tlsCertificateFile = reader.string(forKey: ConfigKey(Key.tlsCertificateFile))
        settings.tlsKeyFile = reader.string(forKey: ConfigKey(Key.tlsKeyFile))
        settings.httpReadTimeout = reader.int(forKey: ConfigKey(Key.httpReadTimeout), default: settings.httpReadTimeout)
        settings.httpIdleTimeout = reader.int(forKey: ConfigKey(Key.httpIdleTimeout), default: settings.httpIdleTimeout)
        settings.httpMaxConnections = reader.int(forKey: ConfigKey(Key.httpMaxConnections), default: settings.httpMaxConnections)
        settings.snapshotInterval = reader.int(forKey: ConfigKey(Key.snapshotInterval), default: settings.snapshotInterval)
        settings.ignoreSnapshots = reader.bool(forKey: ConfigKey(Key.ignoreSnapshots), default: settings.ignoreSnapshots)
        settings.secretKeyFile = reader.string(forKey: ConfigKey(Key.secretKeyFile))
        settings.virtualClock = reader.bool(forKey: ConfigKey(Key.virtualClock), default: settings.virtualClock)
        settings.snmpAddress = reader.string(forKey: ConfigKey(Key.snmpAddress), default: settings.snmpAddress)
        settings.snmpAgentXSocket = reader.string(forKey: ConfigKey(Key.snmpAgentXSocket))
        if let sipListen = reader.string(forKey: ConfigKey(Key.sipListen)) {
            do {
                settings.sipListen = try SIPListenAddress.list(parsing: sipListen)
            } catch {
                throw ServerSettingsError(setting: Key.sipListen, rule: error.description)
            }
        }
        if let atasListen = reader.string(forKey: ConfigKey(Key.atasListen)) {
            do {
                settings.atasListen = try ATASListenAddress.parse(atasListen)
            } catch {
                throw ServerSettingsError(setting: Key.atasListen, rule: error.description)
            }
        }
        settings.mediaRelayHost = reader.string(forKey: ConfigKey(Key.mediaRelayHost)) ?? settings.sipListen.first?.host
        if let host = settings.mediaRelayHost, (try? SocketAddress(ipAddress: host, port: 0)) == nil {
            throw ServerSettingsError(setting: Key.mediaRelayHost, rule: "must be an IPv4 or IPv6 address, which session descriptions can name")
        }
        if let algorithms = reader.string(forKey: ConfigKey(Key.sipDigestAlgorithms)) {
            let names = algorithms.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            let read = names.compactMap(SIPDigestAlgorithm.init(token:))
            guard !names.isEmpty, read.count == names.count, Set(read).count == read.count else {
                throw ServerSettingsError(
                    setting: Key.sipDigestAlgorithms,
                    rule: "must name each of \(SIPDigestAlgorithm.allCases.map(\.rawValue).joined(separator: ", ")) at most once, comma-separated")
            }
            settings.sipDigestAlgorithms = read
        }
        let level = reader.string(forKey: ConfigKey(Key.logLevel), default: settings.logLevel.rawValue)
        guard let logLevel = Logger.Level(rawValue: level) else {
            throw ServerSettingsError(setting: Key.logLevel, rule: "must be one of trace, debug, info, notice, warning, error, critical")
        }
        settings.logLevel = logLevel
        try settings.validate()
        return settings
    }

    func validate() throws {
        guard !dataDirectory.isEmpty else { throw ServerSettingsError(setting: Key.dataDirectory, rule: "must not be empty") }
        guard !httpHost.isEmpty else { throw ServerSettingsError(setting: Key.httpHost, rule: "must not be empty") }
        guard (0...65535).contains(httpPort) else { throw ServerSettingsError(setting: Key.httpPort, rule: "must be from 0 to 65535") }
        guard (tlsCertificateFile == nil) == (tlsKeyFile == nil) else {
            throw ServerSettingsError(
                setting: tlsCertificateFile == nil ? Key.tlsCertificateFile : Key.tlsKeyFile,
                rule: "HTTPS needs both a certificate and its key")
        }
        for (key, path) in [(Key.tlsCertificateFile, tlsCertificateFile), (Key.tlsKeyFile, tlsKeyFile)] {
            if let path, !FileManager.default.isReadableFile(atPath: path) {
                throw ServerSettingsError(setting: key, rule: "\(path) must be a readable PEM file")
            }
        }
        guard !snmpAddress.isEmpty, !snmpAddress.contains(where: \.isWhitespace) else {
            throw ServerSettingsError(setting: Key.snmpAddress, rule: "must be net-snmp addresses such as udp:127.0.0.1:1161, or off")
        }
        guard (1...300).contains(httpReadTimeout) else { throw ServerSettingsError(setting: Key.httpReadTimeout, rule: "must be from 1 to 300 seconds") }
        guard (1...3600).contains(httpIdleTimeout) else { throw ServerSettingsError(setting: Key.httpIdleTimeout, rule: "must be from 1 to 3600 seconds") }
        guard (1...10_000).contains(httpMaxConnections) else {
            throw ServerSettingsError(setting: Key.httpMaxConnections, rule: "must be from 1 to 10000 connections")
        }
        guard snmpAgentXSocket.map({ !$0.isEmpty }) ?? true else {
            throw ServerSettingsError(setting: Key.snmpAgentXSocket, rule: "must be the snmpd master's AgentX socket, e.g. /var/agentx/master")
        }
        guard snapshotInterval >= 0 else { throw ServerSettingsError(setting: Key.snapshotInterval, rule: "must be 0 (only at shutdown) or more") }
        for (key, port) in configuredPorts {
            if let rule = CloudGatewayPorts.violation(port: port) { throw ServerSettingsError(setting: key, rule: rule) }
        }
    }

    /// Every port a setting names, with its setting, for the rules that hold for all of them.
    var configuredPorts: [(setting: String, port: Int)] {
        var ports: [(String, Int)] = [(Key.httpPort, httpPort)]
        // net-snmp's notation: `[transport:]host[:port]` per comma-separated address.
        for address in snmpAddress.split(separator: ",") {
            if let port = address.split(separator: ":").last.flatMap({ Int($0) }) { ports.append((Key.snmpAddress, port)) }
        }
        if let agentX = snmpAgentXSocket, agentX.hasPrefix("tcp:"), let port = agentX.split(separator: ":").last.flatMap({ Int($0) }) {
            ports.append((Key.snmpAgentXSocket, port))
        }
        ports += sipListen.map { (Key.sipListen, $0.port) }
        if let atasListen { ports.append((Key.atasListen, atasListen.port)) }
        return ports
    }
}
