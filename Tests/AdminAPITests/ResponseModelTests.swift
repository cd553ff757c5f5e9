import AdminModels
import Foundation
import Testing

/// Every response model is written by hand with ``JSONWriter`` (issue 12: the API's speed) and
/// read by the CLI with `Decodable`: the two must agree, and the keys must come out sorted, so
/// the same state always gives the same bytes.
@Suite struct ResponseModelTests {
    static let delivery = DeliveryStatusView(
        adapter: "syslog", hasAdapter: true, pending: nil, deliveredThrough: 12, reachable: false, failingSince: "2026-12-02T10:00:00Z",
        lastError: "refused \"now\"", lastSuccessAt: nil, nextRoundAt: "2026-12-02T10:05:00Z", retryIntervalSeconds: 300, attemptsPerRound: 3, batched: true)
    static let message = EventMessageView(
        number: 7, type: "ntp_failed", code: 12, name: "NTP failed", severity: "serious", polarity: "negative", parameters: ["cause": "1", "b": "x\ny"],
        node: 1, at: "2026-12-02T10:00:00Z", simulated: true, tables: [1, 3], destinations: ["local_1"], target: nil, activeNumber: 3, position: 44)
    static let active = ActiveEventMessageView(
        number: 7, type: "ntp_failed", code: 12, name: "NTP failed", severity: "serious", parameters: [:], firstAt: "a", lastAt: "b", lastNumber: 9,
        count: 2, simulated: false, node: 1)

    static func check<Model: JSONWritable & Codable & Equatable>(_ model: Model) throws {
        let bytes = model.jsonBytes()
        #expect(try JSONDecoder().decode(Model.self, from: Data(bytes)) == model, "\(Model.self) does not read back as itself")
        let object = try JSONSerialization.jsonObject(with: Data(bytes))
        let sorted = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        #expect(
            try JSONSerialization.jsonObject(with: sorted) as? NSDictionary == object as? NSDictionary
                && Self.keyOrder(bytes) == Self.keyOrder(Array(sorted)), "\(Model.self) does not write its keys sorted")
    }

    /// The keys of every object in document order, to compare orders without caring for spacing.
    static func keyOrder(_ bytes: [UInt8]) -> [String] {
        let text = String(decoding: bytes, as: UTF8.self)
        let pattern = try! NSRegularExpression(pattern: #""([A-Za-z_]+)":"#)
        return pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)).map { (text as NSString).substring(with: $0.range(at: 1)) }
    }

    @Test func eventMessageModels() throws {
        try Self.check(Self.message)
        try Self.check(Self.active)
        try Self.check(ActiveEventMessageList(status: "serious", colour: "yellow", active: [Self.active]))
        try Self.check(EventMessageLogView(capacity: 254, messages: [Self.message]))
        try Self.check(ConfirmationView(confirmed: 7, status: "normal", colour: "blue", active: 0))
        try Self.check(SystemStatusView(status: "critical", colour: "red", activeBySeverity: ["normal": 0, "serious": 1, "critical": 2]))
        try Self.check(
            EventTableView(
                table: 3, destinations: ["local_1"], rows: [EventTableRowView(type: "a", mode: "custom", frequency: 2, periodHours: 1, isDefault: false)],
                version: 4))
    }

    @Test func destinationModelsKeepEveryPluginMember() throws {
        let destination = DestinationView(
            id: "local_1", kind: "local", enabled: true, kindEnabled: true, table: 3, configured: true, messageGroup: nil, version: 2,
            settings: ["syslog": .object(["host": .string("127.0.0.1"), "port": .integer(514)]), "webhook": .null, "address": .null],
            delivery: Self.delivery)
        try Self.check(destination)
        try Self.check(DestinationList(destinations: [destination], kinds: [DestinationKindView(kind: "local", on: true)]))
        let text = String(decoding: destination.jsonBytes(), as: UTF8.self)
        #expect(text.contains(#""webhook":null"#) && text.contains(#""syslog":{"host":"127.0.0.1","port":514}"#))
    }

    @Test func systemAndAccessModels() throws {
        try Self.check(
            SessionView(
                account: "admin", profile: "administrator", level: "administrator", mustChangePassword: false, idleTimeoutSeconds: 900, remote: false,
                interface: "api", since: "a", lastActivity: "b", token: "t"))
        try Self.check(
            AccessLogView(account: "admin", entries: [AccessAttemptView(at: "a", source: "127.0.0.1", interface: "api", success: true, reason: "ok")]))
        try Self.check(AccessControlSettingsView(idleTimeoutMinutes: 15, version: 1))
        try Self.check(RemoteMaintenanceView(mode: "barred", enabled: false, version: 0))
        try Self.check(CapacityList(limits: [CapacityLimitView(limit: "users", max: 1200, used: nil, reference: "Tab. 13")]))
        try Self.check(ChainVerificationView.intact(verified: 10, head: 10))
        try Self.check(ChainVerificationView.broken(at: 4, reason: "hash"))
        try Self.check(ServiceStatusView(status: "ready", position: 3))
        try Self.check(ClockView(now: "2026-12-02T10:00:00Z"))
    }
}
