/// Why an offer cannot be answered for a tone: the answer is 488 Not Acceptable Here (RFC 3261
/// §21.4.26; RFC 3264 §6 lets an answerer refuse a whole offer it cannot accept), with the
/// Warning code of §20.43 that says what was missing.
public enum ToneSDPAnswerError: Error, Sendable, Hashable, CustomStringConvertible {
    /// No `m=audio` stream over `RTP/AVP` with a port other than 0: nothing to send a tone on
    /// (SRTP profiles are refused until the media issue brings SRTP).
    case noAudioStream
    /// An audio stream, but neither PCMU nor PCMA among its formats.
    case noG711
    /// The stream's `c=` address is a name, not an IP address: the call core does not resolve
    /// names on the event loop.
    case connectionAddressNotLiteral(String)

    /// Every case answers 488.
    public var status: Int { 488 }
    public var reason: String { "Not Acceptable Here" }

    /// The Warning code (RFC 3261 §20.43): 304 media type not available, 305 incompatible media
    /// format, 300 incompatible network address formats.
    public var warningCode: Int {
        switch self {
        case .noAudioStream: 304
        case .noG711: 305
        case .connectionAddressNotLiteral: 300
        }
    }

    public var description: String {
        switch self {
        case .noAudioStream: "no_audio_stream: the offer has no RTP/AVP audio stream in use"
        case .noG711: "no_g711: the offer's audio stream lists neither PCMU nor PCMA"
        case .connectionAddressNotLiteral(let address): "connection_address_not_literal: \(address) is not an IP address"
        }
    }
}
