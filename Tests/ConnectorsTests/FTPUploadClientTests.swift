import Domain
import Foundation
import Testing
@testable import Connectors

extension PythonPeer {
    /// A pyftpdlib server (`peers.py ftp`) with one account whose home is `home`: FTPS that
    /// requires AUTH TLS and PROT P with `certificate`; `cutAfter` aborts every upload after that
    /// many bytes with a 426, as a failing disk or link would.
    static func ftp(home: URL, user: String, password: String, certificate: TestCertificate? = nil, cutAfter: Int? = nil) async throws -> PythonPeer {
        var arguments = ["ftp", "--home", home.path, "--user", user, "--password", password]
        if let certificate { arguments += ["--cert", certificate.certificate, "--key", certificate.key] }
        if let cutAfter { arguments += ["--cut-after", String(cutAfter)] }
        return try await PythonPeer(arguments)
    }

    /// The peer's records of one kind: `received`, `incomplete`, `renamed` or `login_failed`.
    func ftpEvents(_ event: String) -> [[String: Any]] { records.filter { $0["event"] as? String == event } }
}

/// The failure `body` throws, recorded as an issue when it succeeds.
func uploadError(sourceLocation: SourceLocation = #_sourceLocation, _ body: () async throws(FTPUploadError) -> Void) async -> FTPUploadError? {
    do {
        try await body()
        Issue.record("expected an FTPUploadError, but the file was stored", sourceLocation: sourceLocation)
        return nil
    } catch {
        return error
    }
}

@Suite struct FTPUploadClientTests {
    let client = FTPUploadClient()
    let user = "backup"
    let password = "s3cret pässword"

    /// A directory with the peer's home (`home/`) and the files to send.
    final class Setup {
        let directory: TemporaryDirectory
        let home: URL

        init() throws {
            directory = try TemporaryDirectory()
            home = directory.url.appendingPathComponent("home")
            try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        }

        /// `size` random bytes in a local file.
        func file(size: Int) throws -> (url: URL, content: Data) {
            var generator = SystemRandomNumberGenerator()
            let content = Data((0..<size).map { _ in UInt8.random(in: 0...255, using: &generator) })
            let url = directory.url.appendingPathComponent("local-\(UUID().uuidString).bin")
            try content.write(to: url)
            return (url, content)
        }

        /// The names in the peer's home, recursively, sorted.
        var remoteFiles: [String] {
            let enumerator = FileManager.default.enumerator(at: home, includingPropertiesForKeys: nil)
            let base = home.resolvingSymlinksInPath().path + "/"
            return (enumerator?.allObjects as? [URL] ?? []).map { $0.resolvingSymlinksInPath().path.replacing(base, with: "") }.sorted()
        }
    }

    func server(_ port: Int, directory: String = "", security: FTPSecurity = .none, caFile: String? = nil) -> FTPDistribution {
        FTPDistribution(host: "127.0.0.1", port: port, security: security, user: user, directory: directory, caFile: caFile)
    }

    @Test func plainUploadArrivesByteIdenticalUnderItsFinalName() async throws {
        let setup = try Setup()
        let peer = try await PythonPeer.ftp(home: setup.home, user: user, password: password)
        let (file, content) = try setup.file(size: 3_000_000)
        try await client.upload(file: file, as: "backup-2026-01-01.zip", to: server(peer.port), password: password, timeoutSeconds: 10)

        #expect(try Data(contentsOf: setup.home.appendingPathComponent("backup-2026-01-01.zip")) == content)
        #expect(setup.remoteFiles == ["backup-2026-01-01.zip"], "the .part file was renamed, not copied")
        // The server saw the upload complete under the partial name, then the rename.
        #expect(await eventually { !peer.ftpEvents("renamed").isEmpty })
        #expect(peer.ftpEvents("received").first?["path"] as? String == "backup-2026-01-01.zip.part")
        let renamed = try #require(peer.ftpEvents("renamed").first)
        #expect(renamed["from"] as? String == "backup-2026-01-01.zip.part")
        #expect(renamed["size"] as? Int == 3_000_000)
        #expect(renamed["tls"] as? Bool == false)
    }

    @Test func explicitTLSWithAPrivateCAEncryptsControlAndData() async throws {
        let setup = try Setup()
        let certificate = try await TestCertificate(in: setup.directory)
        let peer = try await PythonPeer.ftp(home: setup.home, user: user, password: password, certificate: certificate)
        let (file, content) = try setup.file(size: 3_000_000)
        let settings = server(peer.port, security: .explicitTLS, caFile: certificate.certificate)
        try await client.upload(file: file, as: "backup.zip", to: settings, password: password, timeoutSeconds: 10)

        #expect(try Data(contentsOf: setup.home.appendingPathComponent("backup.zip")) == content)
        #expect(await eventually { !peer.ftpEvents("renamed").isEmpty })
        let renamed = try #require(peer.ftpEvents("renamed").first)
        #expect(renamed["tls"] as? Bool == true)
        #expect(renamed["tls_data"] as? Bool == true)
    }

    @Test func missingRemoteDirectoriesAreCreated() async throws {
        let setup = try Setup()
        let peer = try await PythonPeer.ftp(home: setup.home, user: user, password: password)
        let (file, content) = try setup.file(size: 10_000)
        // Absolute (the account's root is its home), with a space and a non-ASCII letter that
        // only survive the URL percent-encoded.
        try await client.upload(file: file, as: "backup 1.zip", to: server(peer.port, directory: "/pbx/Süd backups/"), password: password, timeoutSeconds: 10)
        #expect(try Data(contentsOf: setup.home.appendingPathComponent("pbx/Süd backups/backup 1.zip")) == content)

        try await client.upload(file: file, as: "backup 2.zip", to: server(peer.port, directory: "pbx/nested/deeper"), password: password, timeoutSeconds: 10)
        #expect(setup.remoteFiles.contains("pbx/nested/deeper/backup 2.zip"))
    }

    @Test func wrongPasswordIsAPermanentLoginRefusalAndStoresNothing() async throws {
        let setup = try Setup()
        let peer = try await PythonPeer.ftp(home: setup.home, user: user, password: password)
        let (file, _) = try setup.file(size: 1_000)
        let settings = server(peer.port)
        let error = await uploadError { () async throws(FTPUploadError) in
            try await client.upload(file: file, as: "backup.zip", to: settings, password: "wrong-horse", timeoutSeconds: 10)
        }
        #expect(error?.reason == .loginRefused)
        #expect(error?.isPermanent == true)
        #expect(error?.command == "PASS", "the step, never the password")
        #expect(error?.serverReply?.hasPrefix("530") == true)
        #expect(error?.description.contains("wrong-horse") == false)
        #expect(error?.description.contains("refused the user name or password") == true, "\(error?.description ?? "")")
        #expect(setup.remoteFiles.isEmpty)
        #expect(await eventually { !peer.ftpEvents("login_failed").isEmpty })
    }

    @Test func nothingListeningIsATemporaryConnectFailure() async throws {
        let setup = try Setup()
        let (file, _) = try setup.file(size: 1_000)
        let settings = server(try await freePort())
        let error = await uploadError { () async throws(FTPUploadError) in
            try await client.upload(file: file, as: "backup.zip", to: settings, password: password, timeoutSeconds: 5)
        }
        #expect(error?.reason == .couldNotConnect)
        #expect(error?.isPermanent == false)
        #expect(error?.serverReply == nil)
    }

    @Test(arguments: [
        ("a/b.zip", "contains \"/\""), ("x.zip\r\nDELE other.zip", "control character"), ("", "is empty"), ("..", "\"..\""),
        ("back\\up.zip", "contains \"/\" or \"\\\""), (" lead.zip", "space"), (String(repeating: "n", count: 251), "longer than 250"),
    ])
    func malformedNamesAreRefusedBeforeConnecting(name: String, rule: String) async throws {
        let setup = try Setup()
        let (file, _) = try setup.file(size: 10)
        // Port 1: a refusal must come from the check, not from a connection attempt.
        let error = await uploadError { () async throws(FTPUploadError) in
            try await client.upload(file: file, as: name, to: server(1), password: password, timeoutSeconds: 5)
        }
        #expect(error?.reason == .invalidSettings)
        #expect(error?.isPermanent == true)
        #expect(error?.curlCode == 0)
        #expect(error?.message.contains(rule) == true, "\(error?.message ?? "")")
        #expect(error?.message.contains("\r") == false, "the message stays one line")
    }

    @Test(arguments: [
        FTPDistribution(host: "ftp.example.com/x", security: .none, user: "u"), FTPDistribution(host: "ftp\r\n.example.com", security: .none, user: "u"),
        FTPDistribution(host: "127.0.0.1", port: 0, security: .none, user: "u"), FTPDistribution(host: "127.0.0.1", port: 70_000, security: .none, user: "u"),
        FTPDistribution(host: "127.0.0.1", security: .none, user: ""), FTPDistribution(host: "127.0.0.1", security: .none, user: "u\r\nDELE x"),
        FTPDistribution(host: "127.0.0.1", security: .none, user: "u", directory: "a/../etc"),
        FTPDistribution(host: "127.0.0.1", security: .none, user: "u", directory: "a\nb"),
    ])
    func malformedSettingsAreRefused(settings: FTPDistribution) async throws {
        let setup = try Setup()
        let (file, _) = try setup.file(size: 10)
        let error = await uploadError { () async throws(FTPUploadError) in
            try await client.upload(file: file, as: "backup.zip", to: settings, password: nil, timeoutSeconds: 5)
        }
        #expect(error?.reason == .invalidSettings)
        #expect(error?.isPermanent == true)
    }

    @Test func uploadCutInTheMiddleLeavesNoFileUnderTheFinalName() async throws {
        let setup = try Setup()
        let peer = try await PythonPeer.ftp(home: setup.home, user: user, password: password, cutAfter: 1_000_000)
        let (file, _) = try setup.file(size: 3_000_000)
        let settings = server(peer.port)
        let error = await uploadError { () async throws(FTPUploadError) in
            try await client.upload(file: file, as: "backup.zip", to: settings, password: password, timeoutSeconds: 10)
        }
        #expect(error?.isPermanent == false, "\(error?.description ?? "")")
        #expect(error.map { [.connectionLost, .refusedByServer].contains($0.reason) } == true, "\(error?.description ?? "")")
        #expect(await eventually { !peer.ftpEvents("incomplete").isEmpty })
        #expect(!setup.remoteFiles.contains("backup.zip"))
        #expect(peer.ftpEvents("renamed").isEmpty)
    }

    /// RFC 4217 is required, never a fallback: a server without AUTH TLS gets no password.
    @Test func explicitTLSAgainstAPlainServerFailsWithoutFallingBack() async throws {
        let setup = try Setup()
        let peer = try await PythonPeer.ftp(home: setup.home, user: user, password: password)
        let (file, _) = try setup.file(size: 1_000)
        let settings = server(peer.port, security: .explicitTLS)
        let error = await uploadError { () async throws(FTPUploadError) in
            try await client.upload(file: file, as: "backup.zip", to: settings, password: password, timeoutSeconds: 10)
        }
        #expect(error?.reason == .tlsFailed)
        #expect(error?.isPermanent == true)
        #expect(error?.command?.hasPrefix("AUTH") == true, "\(error?.description ?? "")")
        #expect(setup.remoteFiles.isEmpty)
        #expect(peer.ftpEvents("login_failed").isEmpty, "no USER or PASS went out in the clear")
    }

    @Test func untrustedCertificateIsAPermanentTLSFailure() async throws {
        let setup = try Setup()
        let certificate = try await TestCertificate(in: setup.directory)
        let peer = try await PythonPeer.ftp(home: setup.home, user: user, password: password, certificate: certificate)
        let (file, _) = try setup.file(size: 1_000)
        let settings = server(peer.port, security: .explicitTLS)
        let error = await uploadError { () async throws(FTPUploadError) in
            try await client.upload(file: file, as: "backup.zip", to: settings, password: password, timeoutSeconds: 10)
        }
        #expect(error?.reason == .tlsFailed)
        #expect(error?.isPermanent == true)
        #expect(setup.remoteFiles.isEmpty)
    }

    @Test func unreadableLocalFileIsReportedAsSuch() async throws {
        let setup = try Setup()
        let missing = setup.directory.url.appendingPathComponent("no-such-backup.zip")
        let error = await uploadError { () async throws(FTPUploadError) in
            try await client.upload(file: missing, as: "backup.zip", to: server(1), password: password, timeoutSeconds: 5)
        }
        #expect(error?.reason == .fileUnreadable)
        #expect(error?.isPermanent == true)
        #expect(error?.message.contains("no-such-backup.zip") == true)
    }

    @Test func configurationTestStoresTheTestFile() async throws {
        let setup = try Setup()
        let peer = try await PythonPeer.ftp(home: setup.home, user: user, password: password)
        try await client.test(server: server(peer.port, directory: "backups"), password: password, timeoutSeconds: 10)
        let text = try String(contentsOf: setup.home.appendingPathComponent("backups/\(FTPUploadClient.testFileName)"), encoding: .utf8)
        #expect(text.hasPrefix("Callplane FTP distribution test"))
        // Again: the test file is replaced, not refused.
        try await client.test(server: server(peer.port, directory: "backups"), password: password, timeoutSeconds: 10)
        #expect(setup.remoteFiles == ["backups", "backups/\(FTPUploadClient.testFileName)"])
    }
}
