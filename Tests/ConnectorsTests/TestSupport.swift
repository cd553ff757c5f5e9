import Domain
import EventMessages
import Foundation
import NIOCore
import NIOPosix
import Testing

/// 2026-01-01T00:00:00Z in microseconds.
let epoch: Int64 = 1_767_225_600_000_000

/// A fresh directory under the system temp folder, removed when the value goes away.
final class TemporaryDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("callplane-connectors-tests")
            .appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }
}

/// A self-signed certificate made by the `openssl` CLI, as collectors and receivers are set up
/// in the field. Self-signed, so the certificate is its own CA file.
struct TestCertificate {
    let certificate: String
    let key: String

    init(in directory: TemporaryDirectory, name: String = "localhost", san: String = "DNS:localhost,IP:127.0.0.1") async throws {
        certificate = directory.path("\(name).crt")
        key = directory.path("\(name).key")
        let openssl = Process()
        openssl.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        openssl.arguments = [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=localhost",
            "-addext", "subjectAltName=\(san)", "-keyout", key, "-out", certificate,
        ]
        openssl.standardOutput = FileHandle.nullDevice
        openssl.standardError = FileHandle.nullDevice
        let status = try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Int32, any Error>) in
            openssl.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do { try openssl.run() } catch { continuation.resume(throwing: error) }
        }
        try #require(status == 0, "openssl req failed")
    }
}

func delivery(
    position: Int64 = 1, number: Int64 = 1, type: String = "test_event_message", code: Int = 7,
    severity: EventSeverity = .normal, polarity: EventPolarity = .none, parameters: [String: String] = [:],
    node: Int = 1, at: Int64 = epoch, simulated: Bool = false, target: String? = nil
) -> EventMessageDelivery {
    EventMessageDelivery(
        position: position,
        message: EventMessage(
            number: number, type: type, code: code, severity: severity, polarity: polarity, parameters: parameters,
            node: node, at: at, simulated: simulated, tables: [3], destinations: ["local"], target: target))
}

/// A TCP port on 127.0.0.1 that nothing listens on (bound once, then released).
func freePort() async throws -> Int {
    let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
        .bind(host: "127.0.0.1", port: 0).get()
    let port = try #require(channel.localAddress?.port)
    try await channel.close()
    return port
}

/// The failure `body` throws, recorded as an issue when it succeeds or throws something else.
func deliveryFailure(sourceLocation: SourceLocation = #_sourceLocation, _ body: () async throws -> Void) async -> DeliveryFailure? {
    do {
        try await body()
        Issue.record("expected a DeliveryFailure, but the batch was delivered", sourceLocation: sourceLocation)
    } catch let failure as DeliveryFailure {
        return failure
    } catch {
        Issue.record("expected a DeliveryFailure, got \(error)", sourceLocation: sourceLocation)
    }
    return nil
}

/// Polls `condition` until it holds or `timeout` passes; returns whether it held.
func eventually(timeout: Duration = .seconds(10), _ condition: () -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if condition() { return true }
        try? await Task.sleep(for: .milliseconds(10))
    }
    return condition()
}

/// Splits an RFC 6587 §3.4.1 octet-counted stream into its messages; nil when the stream is
/// not exactly a sequence of complete `LEN SP MSG` frames.
func octetCountedFrames(_ bytes: [UInt8]) -> [String]? {
    var frames: [String] = []
    var index = 0
    while index < bytes.count {
        guard let space = bytes[index...].firstIndex(of: UInt8(ascii: " ")),
            let length = Int(String(decoding: bytes[index..<space], as: UTF8.self)),
            length > 0, space + 1 + length <= bytes.count
        else { return nil }
        frames.append(String(decoding: bytes[(space + 1)..<(space + 1 + length)], as: UTF8.self))
        index = space + 1 + length
    }
    return frames
}
