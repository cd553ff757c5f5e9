import HTTPTypes
import NIOCore
import NIOEmbedded
import NIOHTTPTypes
import Testing

@testable import CallplaneServer

/// The admin API's read and idle deadlines (issue 13, point 17), on an embedded channel whose
/// clock only moves when told.
@Suite struct ConnectionDeadlineHandlerTests {
    static let timeouts = ConnectionTimeouts(read: .seconds(10), idle: .seconds(60))

    func openConnection() throws -> EmbeddedChannel {
        let channel = EmbeddedChannel(handler: ConnectionDeadlineHandler(timeouts: Self.timeouts))
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 40000)).wait()
        return channel
    }

    func receiveHead(_ channel: EmbeddedChannel) throws {
        try channel.writeInbound(HTTPRequestPart.head(HTTPRequest(method: .post, scheme: nil, authority: nil, path: "/api/v1/users")))
    }

    func receiveEnd(_ channel: EmbeddedChannel) throws {
        try channel.writeInbound(HTTPRequestPart.end(nil))
    }

    func respond(_ channel: EmbeddedChannel) throws {
        try channel.writeOutbound(HTTPResponsePart.head(HTTPResponse(status: .ok)))
        try channel.writeOutbound(HTTPResponsePart.end(nil))
    }

    func advance(_ channel: EmbeddedChannel, seconds: Int64) {
        channel.embeddedEventLoop.advanceTime(by: .seconds(seconds))
    }

    /// The slow-loris case: a head that never completes is invisible above the decoder, so only
    /// the time since the connection opened can cut it.
    @Test func aConnectionThatSendsNoCompleteHeadIsClosedAtTheReadTimeout() throws {
        let channel = try openConnection()
        channel.pipeline.fireChannelReadComplete()
        advance(channel, seconds: 9)
        #expect(channel.isActive)
        advance(channel, seconds: 1)
        #expect(!channel.isActive)
    }

    /// A body that stalls is cut too: the head does not restart the request's clock.
    @Test func aStalledBodyIsClosedAtTheReadTimeoutOfTheWholeRequest() throws {
        let channel = try openConnection()
        advance(channel, seconds: 5)
        try receiveHead(channel)
        try channel.writeInbound(HTTPRequestPart.body(ByteBuffer(string: "{\"num")))
        advance(channel, seconds: 4)
        #expect(channel.isActive)
        advance(channel, seconds: 1)
        #expect(!channel.isActive)
    }

    @Test func aServedConnectionStaysOpenUntilTheIdleTimeout() throws {
        let channel = try openConnection()
        try receiveHead(channel)
        try receiveEnd(channel)
        try respond(channel)
        advance(channel, seconds: 59)
        #expect(channel.isActive)
        try receiveHead(channel)
        try receiveEnd(channel)
        try respond(channel)
        advance(channel, seconds: 59)
        #expect(channel.isActive, "the second request restarts the idle clock")
        advance(channel, seconds: 1)
        #expect(!channel.isActive)
    }

    /// An event feed answers for hours: while the server is responding there is no deadline.
    @Test func aLongResponseIsNeverCut() throws {
        let channel = try openConnection()
        try receiveHead(channel)
        try receiveEnd(channel)
        try channel.writeOutbound(HTTPResponsePart.head(HTTPResponse(status: .ok)))
        advance(channel, seconds: 3 * 3600)
        #expect(channel.isActive)
        try channel.writeOutbound(HTTPResponsePart.end(nil))
        advance(channel, seconds: 60)
        #expect(!channel.isActive)
    }

    /// Bytes of a next request that decode to nothing yet (a head under way) end the idle wait
    /// and start the read timeout, so a kept-alive connection cannot dribble a head for a whole
    /// idle timeout.
    @Test func aNextHeadUnderWayMustArriveWithinTheReadTimeout() throws {
        let channel = try openConnection()
        try receiveHead(channel)
        try receiveEnd(channel)
        try respond(channel)
        advance(channel, seconds: 30)
        channel.pipeline.fireChannelReadComplete()
        advance(channel, seconds: 9)
        #expect(channel.isActive)
        advance(channel, seconds: 1)
        #expect(!channel.isActive)
    }

    /// The server may answer before it read the body (a refused login); the body's end then
    /// leaves the connection idle, not waiting for a response.
    @Test func anAnswerBeforeTheBodyEndsLeavesTheConnectionIdleAfterTheBody() throws {
        let channel = try openConnection()
        try receiveHead(channel)
        try respond(channel)
        advance(channel, seconds: 9)
        #expect(channel.isActive)
        try receiveEnd(channel)
        advance(channel, seconds: 59)
        #expect(channel.isActive)
        advance(channel, seconds: 1)
        #expect(!channel.isActive)
    }
}
