import NIOCore
import SIP

/// The SDP answer of a call the system answers only to play a tone (issue 15 point 5: the
/// acknowledgement of a function code), and what the ``TonePlayer`` needs from the offer.
///
/// It takes the first audio stream of the offer that lists PCMU or PCMA, and of its formats the
/// first of the two in the offer's order (RFC 3264 §6.1: the answerer should follow the
/// offerer's preference), under the payload type number the offer gave it. The answer is
/// `sendonly`: the system sends the tone and listens to nothing. When the offer's stream is on
/// hold (`sendonly`, `inactive` or `c=0.0.0.0`), the answer is `inactive` and ``sendsTone`` is
/// false (§6.1 allows only `recvonly` or `inactive` against `sendonly`). Every other stream is
/// refused with port 0, keeping the offer's media line order and formats as §6 asks.
public struct ToneSDPAnswer: Sendable, Hashable {
    /// The index of the offer's media description the tone goes to.
    public let mediaIndex: Int
    public let law: G711Law
    /// The payload type of ``law`` as the offer numbered it.
    public let payloadType: UInt8
    /// Where the phone receives: the stream's `c=` address (or the session's) and port.
    public let remoteAddress: SocketAddress
    /// `sendonly`, or `inactive` when the offerer holds the stream.
    public let direction: SDPDirection
    private let offer: SDPSessionDescription

    /// Whether the tone is to be sent at all.
    public var sendsTone: Bool { direction == .sendonly }

    /// Chooses the stream and the codec.
    /// - Throws: ``ToneSDPAnswerError`` (answer 488 with its Warning).
    public init(offer: SDPSessionDescription) throws(ToneSDPAnswerError) {
        var audioSeen = false
        for (index, media) in offer.media.enumerated() where media.media == "audio" && media.port != 0 && media.proto.uppercased() == "RTP/AVP" {
            audioSeen = true
            guard let (law, payloadType) = Self.firstG711(in: media) else { continue }
            let address = offer.connection(of: media)?.address ?? ""
            guard let remote = try? SocketAddress(ipAddress: address, port: Int(media.port)) else {
                throw .connectionAddressNotLiteral(address)
            }
            self.mediaIndex = index
            self.law = law
            self.payloadType = payloadType
            self.remoteAddress = remote
            self.direction = offer.isHold(media) ? .inactive : .sendonly
            self.offer = offer
            return
        }
        throw audioSeen ? .noG711 : .noAudioStream
    }

    /// The answer, naming `address` and `port` (the ``TonePlayer``'s ``TonePlayer/localAddress``).
    /// - Parameter sessionID: the `o=` session id (RFC 4566 §5.2); any number unique enough for
    ///   the call, e.g. a random one.
    public func answer(address: String, port: UInt16, sessionID: UInt64) -> SDPSessionDescription {
        let addressType = address.contains(":") ? "IP6" : "IP4"
        var media: [SDPMediaDescription] = []
        for (index, offered) in offer.media.enumerated() {
            guard index == mediaIndex else {
                media.append(SDPMediaDescription(media: offered.media, port: 0, proto: offered.proto, formats: offered.formats))
                continue
            }
            media.append(
                SDPMediaDescription(
                    media: "audio", port: port, proto: offered.proto, formats: [String(payloadType)],
                    attributes: [
                        SDPAttribute("rtpmap", "\(payloadType) \(law.encodingName)/\(G711Law.clockRate)"),
                        SDPAttribute("ptime", "20"),
                        SDPAttribute(direction.rawValue),
                    ]))
        }
        return SDPSessionDescription(
            origin: SDPOrigin(sessionID: sessionID, sessionVersion: 0, addressType: addressType, address: address),
            connection: SDPConnection(addressType: addressType, address: address), media: media)
    }

    /// The first format of `media` that is PCMU or PCMA, by its `a=rtpmap` or, without one, by
    /// RFC 3551's static number. A malformed `a=rtpmap` for a format makes only that format
    /// unusable.
    private static func firstG711(in media: SDPMediaDescription) -> (G711Law, UInt8)? {
        for format in media.formats {
            guard let payloadType = UInt8(format), payloadType <= 127 else { continue }
            let map: SDPRTPMap?
            do { map = try media.rtpMap(for: payloadType) } catch { continue }
            let law = G711Law(payloadType: payloadType, encoding: map?.encoding, clockRate: map?.clockRate, channels: map?.channels)
            if let law { return (law, payloadType) }
        }
        return nil
    }
}
