import Certificates
import Domain
import EventLog
import Foundation
import NIOCore
import NIOPosix
import NIOSSL
import NIOTLS
import Synchronization
import Testing

@testable import CallplaneServer

/// The TLS configuration made from the state's certificate (issue 15, point 1), through a real
/// TLS handshake on loopback: a client that trusts only the system's CA and checks the name
/// accepts it, and an installed certificate is presented from the next connection on.
@Suite struct SystemCertificateTLSTests {
    static let sealing = try! SecretBox(key: Array(repeating: 7, count: 32))

    /// A certificate as `decide` installs it, issued now (the TLS library checks real time).
    static func installed() throws -> (TLSCertificate, IssuedCertificates) {
        let now = SystemWallClock().now()
        let issued = try SystemCertificateAuthority.issue(systemID: "CP-TEST", serverName: "test", hosts: [], at: now)
        var state = SystemState()
        let draft = TLSCertificateDraft(
            origin: .generated, certificateChain: issued.chain.pem, privateKey: issued.serverKey.pem, authorityKey: issued.authorityKey.pem)
        for event in try state.decide(.installTLSCertificate(draft, at: now), sealing: sealing) { state.apply(event) }
        return (try #require(state.tls.certificate), issued)
    }

    /// Completes when the client's handshake is done, or fails with what ended it.
    final class HandshakeWatcher: ChannelInboundHandler, Sendable {
        typealias InboundIn = ByteBuffer
        let done: EventLoopPromise<Void>
        init(done: EventLoopPromise<Void>) { self.done = done }
        func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
            if case TLSUserEvent.handshakeCompleted = event { done.succeed() }
        }
        func errorCaught(context: ChannelHandlerContext, error: any Error) { done.fail(error) }
        func channelInactive(context: ChannelHandlerContext) { done.fail(ChannelError.eof) }
    }

    /// Where the test servers listen: a loopback address the certificates do not name, so the
    /// client's check of the name is the only one that can pass (NIOSSL also accepts a
    /// certificate that names the address it connected to).
    static let address = "127.0.0.2"

    /// Connects with a client that trusts `authority` only and checks `host`; answers the
    /// fingerprint the server presented, or throws when the handshake failed.
    static func handshake(port: Int, trusting authority: IssuedCertificates, host: String) async throws -> String {
        let trusted = try NIOSSLCertificate(bytes: Array(CertificateChainPEM.authority(authority).utf8), format: .pem)
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.trustRoots = .certificates([trusted])
        let context = try NIOSSLContext(configuration: configuration)
        let group = MultiThreadedEventLoopGroup.singleton
        let done = group.next().makePromise(of: Void.self)
        let channel = try await ClientBootstrap(group: group)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(NIOSSLClientHandler(context: context, serverHostname: host))
                    try channel.pipeline.syncOperations.addHandler(HandshakeWatcher(done: done))
                }
            }
            .connect(host: address, port: port).get()
        defer { channel.close(promise: nil) }
        try await done.futureResult.get()
        let presented = try #require(try await channel.nioSSL_peerCertificate().get())
        return try CertificateChain(pem: String(decoding: try presented.toDERBytes().pemText, as: UTF8.self)).fingerprint
    }

    static func listen(_ configuration: TLSConfiguration) async throws -> any Channel {
        let context = try NIOSSLContext(configuration: configuration)
        return try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: context))
                }
            }
            .bind(host: address, port: 0).get()
    }

    @Test("a client trusting only the system's CA accepts the server as localhost, not by another name")
    func handshakeWithTheStatesCertificate() async throws {
        let (certificate, issued) = try Self.installed()
        let configuration = try SystemCertificateTLS.serverConfiguration(for: certificate, sealing: Self.sealing)
        let server = try await Self.listen(configuration)
        defer { server.close(promise: nil) }
        let port = try #require(server.localAddress?.port)
        #expect(try await Self.handshake(port: port, trusting: issued, host: "localhost") == certificate.fingerprint)
        await #expect(throws: (any Error).self, "a name the certificate does not carry") {
            try await Self.handshake(port: port, trusting: issued, host: "elsewhere.example.com")
        }
        let stranger = try Self.installed().1
        await #expect(throws: (any Error).self, "another installation's CA") {
            try await Self.handshake(port: port, trusting: stranger, host: "localhost")
        }
    }

    @Test("a certificate installed later is presented from the next handshake on, without a new listener")
    func followsTheState() async throws {
        let (first, firstIssued) = try Self.installed()
        let (second, secondIssued) = try Self.installed()
        let current = Mutex<TLSCertificate?>(first)
        let tls = SystemCertificateTLS(current: { current.withLock { $0 } }, sealing: Self.sealing)
        let server = try await Self.listen(try #require(try tls.serverConfiguration()))
        defer { server.close(promise: nil) }
        let port = try #require(server.localAddress?.port)
        #expect(try await Self.handshake(port: port, trusting: firstIssued, host: "localhost") == first.fingerprint)
        current.withLock { $0 = second }
        #expect(try await Self.handshake(port: port, trusting: secondIssued, host: "localhost") == second.fingerprint)
        await #expect(throws: (any Error).self) { try await Self.handshake(port: port, trusting: firstIssued, host: "localhost") }
        #expect(try tls.override(since: second.fingerprint).certificateChain == nil, "no change while the state holds the same one")
    }

    @Test("no configuration before a certificate exists")
    func noneWithoutACertificate() throws {
        #expect(try SystemCertificateTLS(current: { nil }, sealing: Self.sealing).serverConfiguration() == nil)
    }
}

/// PEM of the chain's CA, as a phone imports it.
enum CertificateChainPEM {
    static func authority(_ issued: IssuedCertificates) -> String {
        issued.chain.authorityPEM ?? ""
    }
}

extension Array where Element == UInt8 {
    /// DER bytes as one PEM CERTIFICATE block.
    var pemText: [UInt8] {
        let base64 = Data(self).base64EncodedString(options: [.lineLength64Characters, .endLineWithLineFeed])
        return Array("-----BEGIN CERTIFICATE-----\n\(base64)\n-----END CERTIFICATE-----\n".utf8)
    }
}
