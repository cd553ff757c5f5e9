import Foundation
import SRMServer
import Testing

/// The files of `--data-dir` (docs/srm.md, "Files").
struct DataDirectoryTests {
    static func directory() -> SRMDataDirectory {
        SRMDataDirectory(path: FileManager.default.temporaryDirectory.appendingPathComponent("srm-\(UUID().uuidString)").path)
    }

    static func mode(_ path: String) throws -> Int {
        try #require(FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) & 0o777
    }

    @Test func theSecretIsIssuedOnceAndOnlyItsHashKept() async throws {
        let directory = Self.directory()
        defer { try? FileManager.default.removeItem(atPath: directory.path) }
        let secret = try await directory.addSystem("hq-1", name: "Head office", statusAllowed: true, hasher: SRMTestServer.hasher)
        #expect(Data(base64Encoded: secret.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/") + "=")?.count == 32)
        let file = directory.path + "/systems.json"
        let text = try String(contentsOfFile: file, encoding: .utf8)
        #expect(!text.contains(secret))
        #expect(text.contains("$scrypt$"))
        #expect(try Self.mode(file) == 0o600)
        #expect(try directory.systems().map(\.statusAllowed) == [true])
        try directory.setStatusAllowed("hq-1", false)
        #expect(try directory.systems().map(\.statusAllowed) == [false])
        try directory.removeSystem("hq-1")
        #expect(try directory.systems().isEmpty)
    }

    @Test func aSystemIDBreakingTheRuleIsRefused() async throws {
        let directory = Self.directory()
        defer { try? FileManager.default.removeItem(atPath: directory.path) }
        for bad in ["", "has space", String(repeating: "a", count: 65), "slash/no"] {
            await #expect(throws: SRMServerError.self) {
                _ = try await directory.addSystem(bad, name: nil, statusAllowed: true, hasher: SRMTestServer.hasher)
            }
        }
        #expect(throws: Never.self) { try AllowedSystem.validate(systemID: "PBX-01.office_a") }
    }

    @Test func aShortPasswordIsRefusedNamingTheRule() async throws {
        let directory = Self.directory()
        defer { try? FileManager.default.removeItem(atPath: directory.path) }
        do {
            try await directory.addTechnician("anna", password: "short", hasher: SRMTestServer.hasher)
            Issue.record("a 5-character password was taken")
        } catch {
            #expect(error.rule.contains("at least 10 characters"))
        }
        try await directory.addTechnician("anna", password: "long enough!", hasher: SRMTestServer.hasher)
        let file = directory.path + "/technicians.json"
        #expect(try !String(contentsOfFile: file, encoding: .utf8).contains("long enough!"))
        #expect(try Self.mode(file) == 0o600)
        #expect(try directory.technicians().map(\.name) == ["anna"])
    }

    @Test func theCertificateIsMadeOnceAndKept() throws {
        let directory = Self.directory()
        defer { try? FileManager.default.removeItem(atPath: directory.path) }
        let first = try directory.ownCertificate(serverName: "srm", hostNames: ["srm.example.com"])
        let again = try directory.ownCertificate(serverName: "other", hostNames: [])
        #expect(first == again)
        #expect(first.authorityPEM?.hasPrefix("-----BEGIN CERTIFICATE-----") == true)
        #expect(try Self.mode(directory.path + "/ca-key.pem") == 0o600)
        #expect(try Self.mode(directory.path + "/server-key.pem") == 0o600)
    }
}
