import NIOCore

extension SDPSessionDescription {
    /// The canonical text: RFC 4566 §5's order, CRLF after every line (§5), single spaces
    /// between fields. Parsing it gives back an equal value, and a description that was already
    /// canonical is written back byte for byte, so a B2BUA relaying a body it did not change
    /// relays the same octets.
    public var text: String {
        var text = "v=\(Self.version)\r\n"
        text += "o=\(origin.username) \(origin.sessionID) \(origin.sessionVersion) \(origin.networkType) \(origin.addressType) \(origin.address)\r\n"
        text += "s=\(sessionName)\r\n"
        if let information { text += "i=\(information)\r\n" }
        if let uri { text += "u=\(uri)\r\n" }
        for email in emails { text += "e=\(email)\r\n" }
        for phone in phones { text += "p=\(phone)\r\n" }
        if let connection { text += Self.line(connection) }
        for bandwidth in bandwidths { text += Self.line(bandwidth) }
        for timing in timings {
            text += "t=\(timing.start) \(timing.stop)\r\n"
            for line in timing.repeats { text += "r=\(line)\r\n" }
        }
        if let timeZones { text += "z=\(timeZones)\r\n" }
        if let encryptionKey { text += "k=\(encryptionKey)\r\n" }
        for attribute in attributes { text += Self.line(attribute) }
        for media in media {
            text += "m=\(media.media) \(media.port)"
            if let portCount = media.portCount { text += "/\(portCount)" }
            text += " \(media.proto)"
            for format in media.formats { text += " " + format }
            text += "\r\n"
            if let information = media.information { text += "i=\(information)\r\n" }
            if let connection = media.connection { text += Self.line(connection) }
            for bandwidth in media.bandwidths { text += Self.line(bandwidth) }
            if let encryptionKey = media.encryptionKey { text += "k=\(encryptionKey)\r\n" }
            for attribute in media.attributes { text += Self.line(attribute) }
        }
        return text
    }

    /// Appends ``text`` as UTF-8, for a message body.
    public func write(into buffer: inout ByteBuffer) {
        buffer.writeString(text)
    }

    private static func line(_ connection: SDPConnection) -> String {
        "c=\(connection.networkType) \(connection.addressType) \(connection.address)" + (connection.multicast.map { "/" + $0 } ?? "") + "\r\n"
    }

    private static func line(_ bandwidth: SDPBandwidth) -> String { "b=\(bandwidth.type):\(bandwidth.value)\r\n" }

    private static func line(_ attribute: SDPAttribute) -> String {
        "a=" + attribute.name + (attribute.value.map { ":" + $0 } ?? "") + "\r\n"
    }
}
