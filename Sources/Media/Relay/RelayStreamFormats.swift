import SIP

/// What the relay reads of one side's stream beyond its address: the payload type it sends
/// RFC 4733 telephone events with (so digits pressed during a call are seen), and the G.711
/// codec the side receives voice in (so a tone can be played to it).
public struct RelayStreamFormats: Sendable, Hashable {
    /// `a=rtpmap:<pt> telephone-event/8000`, `nil` when the side sends no events.
    public var telephoneEvent: UInt8?
    /// The first G.711 format of the `m=` line, with its payload type.
    public var voice: G711Law?
    public var voicePayloadType: UInt8?

    public init(telephoneEvent: UInt8? = nil, voice: G711Law? = nil, voicePayloadType: UInt8? = nil) {
        self.telephoneEvent = telephoneEvent
        self.voice = voice
        self.voicePayloadType = voicePayloadType
    }
}

extension SDPSessionDescription {
    /// The formats of each stream (``RelayStreamFormats``), in `m=` order.
    public var relayFormats: [RelayStreamFormats] {
        media.map { stream in
            let maps = (try? stream.rtpMaps) ?? []
            var formats = RelayStreamFormats()
            formats.telephoneEvent = maps.first { $0.encoding.lowercased() == "telephone-event" && $0.clockRate == 8000 }?.payloadType
            for format in stream.formats {
                guard let type = UInt8(format), type <= 127 else { continue }
                let map = maps.first { $0.payloadType == type }
                if let law = G711Law(payloadType: type, encoding: map?.encoding, clockRate: map?.clockRate, channels: map?.channels) {
                    formats.voice = law
                    formats.voicePayloadType = type
                    break
                }
            }
            return formats
        }
    }
}
