/// The few Basic Encoding Rules (X.690) the engine discovery exchange needs: definite lengths,
/// INTEGER, OCTET STRING, SEQUENCE and the two PDU tags. Everything else about SNMP's encoding
/// is net-snmp's.
enum BER {
    static let integerTag: UInt8 = 0x02
    static let octetStringTag: UInt8 = 0x04
    static let sequenceTag: UInt8 = 0x30
    static let getRequestTag: UInt8 = 0xA0
    static let reportTag: UInt8 = 0xA8

    static func element(_ tag: UInt8, _ content: [UInt8]) -> [UInt8] {
        [tag] + length(content.count) + content
    }

    static func sequence(_ content: [UInt8]) -> [UInt8] { element(sequenceTag, content) }

    static func octets(_ content: [UInt8]) -> [UInt8] { element(octetStringTag, content) }

    /// The shortest two's-complement form (X.690 §8.3.2).
    static func integer(_ value: Int) -> [UInt8] {
        var bytes = withUnsafeBytes(of: Int64(value).bigEndian, Array.init)
        while bytes.count > 1, (bytes[0] == 0 && bytes[1] & 0x80 == 0) || (bytes[0] == 0xFF && bytes[1] & 0x80 != 0) {
            bytes.removeFirst()
        }
        return element(integerTag, bytes)
    }

    private static func length(_ count: Int) -> [UInt8] {
        guard count >= 0x80 else { return [UInt8(count)] }
        var octets = withUnsafeBytes(of: UInt32(count).bigEndian, Array.init)
        while octets.first == 0 { octets.removeFirst() }
        return [0x80 | UInt8(octets.count)] + octets
    }
}
