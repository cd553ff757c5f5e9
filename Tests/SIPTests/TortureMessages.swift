import Foundation
import NIOCore
import Testing

/// The RFC 4475 torture messages, read from the shared test data beside the repository
/// (`../shared/sip/rfc4475/`); a missing folder fails the tests, it never skips them.
enum TortureMessages {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/sip/rfc4475")

    static func names() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasSuffix(".dat") }.map { String($0.dropLast(4)) }.sorted()
    }

    static func bytes(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: directory.appendingPathComponent(name + ".dat")))
    }
}
