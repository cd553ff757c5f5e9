import CallplaneServer
import Configuration
import Foundation
import Testing

@Suite struct ServerSettingsTests {
    static func file(_ json: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("callplane-settings-\(UUID().uuidString).json").path
        try json.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func defaultsNeedNoFile() async throws {
        let settings = try await ServerSettings.load(configFile: nil, flags: [:], environment: [:])
        #expect(settings.dataDirectory == "./data")
        #expect(settings.httpHost == "127.0.0.1")
        #expect(settings.httpPort == 8080)
        #expect(settings.databasePath == "./data/callplane.sqlite")
        #expect(settings.resolvedSecretKeyFile == "./data/secret.key")
        #expect(settings.httpReadTimeout == 10)
        #expect(settings.httpIdleTimeout == 60)
        #expect(settings.httpMaxConnections == 256)
        #expect(settings.sipListen.map(\.description) == ["udp:127.0.0.1:5060", "tcp:127.0.0.1:5060", "tls:127.0.0.1:5061"])
    }

    /// `sip.listen` is read like every setting (CALLPLANE_SIP_LISTEN), and `off` opens none.
    @Test func sipListenersAreASetting() async throws {
        let settings = try await ServerSettings.load(
            configFile: nil, flags: [:], environment: ["CALLPLANE_SIP_LISTEN": "udp:0.0.0.0:5062, tls:[::1]:5063"])
        #expect(settings.sipListen.map(\.description) == ["udp:0.0.0.0:5062", "tls:[::1]:5063"])
        let off = try await ServerSettings.load(configFile: nil, flags: [:], environment: ["CALLPLANE_SIP_LISTEN": "off"])
        #expect(off.sipListen.isEmpty)
    }

    /// Seed 004 ch. 2: the cloud gateway's six ports may not be used by any configurable service,
    /// whichever setting names them; every other port stays allowed.
    @Test func theCloudGatewayPortsAreRefusedForEveryService() async throws {
        for (variable, value, setting) in [
            ("CALLPLANE_HTTP_PORT", "19060", "http.port"), ("CALLPLANE_HTTP_PORT", "5071", "http.port"),
            ("CALLPLANE_SNMP_ADDRESS", "udp:127.0.0.1:1161,tcp:127.0.0.1:19061", "snmp.address"),
            ("CALLPLANE_SNMP_AGENTX", "tcp:127.0.0.1:5080", "snmp.agentx"),
            ("CALLPLANE_SIP_LISTEN", "udp:127.0.0.1:5060,tls:127.0.0.1:5081", "sip.listen"),
        ] {
            do {
                _ = try await ServerSettings.load(configFile: nil, flags: [:], environment: [variable: value])
                Issue.record("\(variable)=\(value) was accepted")
            } catch let error as ServerSettingsError {
                #expect(error.setting == setting)
                #expect(error.rule.contains("reserved for the cloud gateway"))
            }
        }
        let neighbour = try await ServerSettings.load(configFile: nil, flags: [:], environment: ["CALLPLANE_HTTP_PORT": "5069"])
        #expect(neighbour.httpPort == 5069)
    }

    /// The admin API's timeouts and connection limit (issue 13, point 17) come from the
    /// environment like every setting, and a value out of range names its setting.
    @Test func connectionTimeoutsAndLimitAreSettingsWithRanges() async throws {
        let settings = try await ServerSettings.load(
            configFile: nil, flags: [:],
            environment: ["CALLPLANE_HTTP_READ_TIMEOUT": "2", "CALLPLANE_HTTP_IDLE_TIMEOUT": "5", "CALLPLANE_HTTP_MAX_CONNECTIONS": "16"])
        #expect(settings.httpReadTimeout == 2)
        #expect(settings.httpIdleTimeout == 5)
        #expect(settings.httpMaxConnections == 16)
        for (variable, value, setting) in [
            ("CALLPLANE_HTTP_READ_TIMEOUT", "0", "http.readTimeout"), ("CALLPLANE_HTTP_READ_TIMEOUT", "301", "http.readTimeout"),
            ("CALLPLANE_HTTP_IDLE_TIMEOUT", "0", "http.idleTimeout"), ("CALLPLANE_HTTP_MAX_CONNECTIONS", "0", "http.maxConnections"),
            ("CALLPLANE_HTTP_MAX_CONNECTIONS", "10001", "http.maxConnections"),
        ] {
            do {
                _ = try await ServerSettings.load(configFile: nil, flags: [:], environment: [variable: value])
                Issue.record("\(variable)=\(value) was accepted")
            } catch let error as ServerSettingsError {
                #expect(error.setting == setting)
            }
        }
    }

    /// Flags over environment over file over defaults.
    @Test func flagsBeatEnvironmentBeatFile() async throws {
        let path = try Self.file(#"{"http": {"host": "127.0.0.2", "port": 9000}, "data": {"dir": "/from/file"}, "snapshot": {"interval": 7}}"#)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let settings = try await ServerSettings.load(
            configFile: path,
            flags: [ServerSettings.Key.httpPort: ConfigValue(.int(9100), isSecret: false)],
            environment: ["CALLPLANE_HTTP_PORT": "9050", "CALLPLANE_DATA_DIR": "/from/env"]
        )
        #expect(settings.httpPort == 9100)
        #expect(settings.dataDirectory == "/from/env")
        #expect(settings.httpHost == "127.0.0.2")
        #expect(settings.snapshotInterval == 7)
    }

    @Test func outOfRangeSettingsNameTheSetting() async throws {
        do {
            _ = try await ServerSettings.load(configFile: nil, flags: [:], environment: ["CALLPLANE_HTTP_PORT": "70000"])
            Issue.record("port 70000 was accepted")
        } catch let error as ServerSettingsError {
            #expect(error.setting == "http.port")
            #expect(error.description.contains("0 to 65535"))
        }
        do {
            _ = try await ServerSettings.load(configFile: "/nonexistent/callplane.json", flags: [:], environment: [:])
            Issue.record("a missing config file was accepted")
        } catch let error as ServerSettingsError {
            #expect(error.setting == "config")
        }
        do {
            _ = try await ServerSettings.load(configFile: nil, flags: [:], environment: ["CALLPLANE_LOG_LEVEL": "loud"])
            Issue.record("log level loud was accepted")
        } catch let error as ServerSettingsError {
            #expect(error.setting == "log.level")
        }
    }

    /// The example shipped in ops/ must load as it is.
    @Test func theShippedExampleConfigurationLoads() async throws {
        let example = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("ops/callplane.example.json").path
        let settings = try await ServerSettings.load(configFile: example, flags: [:], environment: [:])
        #expect(settings.dataDirectory == "/var/lib/callplane")
        #expect(settings.httpPort == 8080)
        #expect(settings.snapshotInterval == 10000)
    }
}
