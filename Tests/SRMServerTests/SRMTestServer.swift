import AccessControl
import Foundation
import HTTPTypes
import HummingbirdTesting
import Logging
import NIOCore
import NIOSSL
import SRMServer
import SRMWire
import ServiceLifecycle

/// An SRM server running on 127.0.0.1 (port 0) over real TLS, with a fresh data directory, for
/// one test. Clients trust the CA the server generated in that directory.
struct SRMTestServer: Sendable {
    let directory: SRMDataDirectory
    let server: SRMServerApplication
    let port: Int
    let clientTLS: TLSConfiguration
    /// A cheap cost: the tests check what is hashed, not how slowly.
    static let hasher = PasswordHasher(cost: ScryptCost(logN: 10))

    static func with<Result: Sendable>(
        helloTimeout: Duration = .seconds(10), maintenanceTimeouts: MaintenanceTimeouts = MaintenanceTimeouts(),
        _ body: @Sendable (SRMTestServer) async throws -> Result
    ) async throws -> Result {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("srm-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let directory = SRMDataDirectory(path: path)
        let server = SRMServerApplication(
            configuration: SRMServerConfiguration(
                directory: directory, address: "127.0.0.1", port: 0, serverName: "srm-test", helloTimeout: helloTimeout, hasher: hasher,
                maintenanceTimeouts: maintenanceTimeouts))
        let logger = Logger(label: "srm-test")
        let (ports, listening) = AsyncStream.makeStream(of: Int.self)
        let application = try server.makeApplication(logger: logger) { listening.yield($0) }
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(services: [.init(service: application)], logger: logger))
        return try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            var iterator = ports.makeAsyncIterator()
            do {
                guard let port = await iterator.next() else { throw SRMServerError("the test server did not start") }
                let authority = try directory.ownCertificate(serverName: "srm-test", hostNames: []).authorityPEM ?? ""
                var tls = TLSConfiguration.makeClientConfiguration()
                tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMBytes(Array(authority.utf8)))
                let result = try await body(SRMTestServer(directory: directory, server: server, port: port, clientTLS: tls))
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
                return result
            } catch {
                await group.triggerGracefulShutdown()
                throw error
            }
        }
    }

    /// Puts a system on the allow-list and returns its secret.
    func addSystem(_ systemID: String, name: String? = nil, statusAllowed: Bool = true) async throws -> String {
        try await directory.addSystem(systemID, name: name, statusAllowed: statusAllowed, hasher: Self.hasher)
    }

    /// An agent connected to `/agent`.
    func agent() -> TestAgent {
        TestAgent(url: "wss://127.0.0.1:\(port)/agent", tls: clientTLS)
    }

    /// An agent whose hello was welcomed.
    func welcomedAgent(_ systemID: String, secret: String, systemName: String = "Head office") async throws -> TestAgent {
        let agent = agent()
        agent.send(.hello(SRMHello(systemID: systemID, secret: secret, systemName: systemName, softwareVersion: "1.2.3")))
        guard case .welcome = await agent.next() else { throw SRMServerError("the agent of \(systemID) was not welcomed") }
        return agent
    }

    /// An HTTP answer with its body as text.
    struct Answer: Sendable {
        var status: HTTPResponse.Status
        var headers: HTTPFields
        var text: String
    }

    func request(_ method: HTTPRequest.Method, _ path: String, headers: HTTPFields = [:], body: String? = nil) async throws -> Answer {
        let request = TestClient.Request(path, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) })
        let response = try await TestClient.withClient(
            host: "127.0.0.1", port: port, configuration: .init(tlsConfiguration: clientTLS, serverName: "localhost")
        ) { client in
            try await client.execute(request)
        }
        return Answer(status: response.head.status, headers: response.head.headerFields, text: response.body.map { String(buffer: $0) } ?? "")
    }

    /// A technician's bearer token, the account made for the purpose.
    func login(_ name: String = "anna") async throws -> String {
        try await directory.addTechnician(name, password: "correct horse battery", hasher: Self.hasher)
        let response = try await request(
            .post, "/api/v1/login", headers: [.contentType: "application/json"], body: #"{"name":"\#(name)","password":"correct horse battery"}"#)
        struct Token: Decodable { var token: String }
        return try JSONDecoder().decode(Token.self, from: Data(response.text.utf8)).token
    }

    func systems(token: String) async throws -> [SystemView] {
        let response = try await request(.get, "/api/v1/systems", headers: [.authorization: "Bearer \(token)"])
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode([SystemView].self, from: Data(response.text.utf8))
    }
}
