import Foundation

/// The one JSON form of both directions' frames: sorted keys, so a frame reads the same in a
/// capture whichever side wrote it. A frame over ``maximumBytes`` is refused before decoding.
public enum SRMFrameCoding {
    /// 1 MiB: a status report of every active message the system can hold fits many times over.
    public static let maximumBytes = 1 << 20

    public static func encode<Frame: Encodable>(_ frame: Frame) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Every frame type is made of strings, numbers, arrays and dictionaries: encoding cannot fail.
        return String(decoding: try! encoder.encode(frame), as: UTF8.self)
    }

    public static func decode<Frame: Decodable>(_ type: Frame.Type, from text: String) throws -> Frame {
        guard text.utf8.count <= maximumBytes else {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "a frame of \(text.utf8.count) bytes is over \(maximumBytes)"))
        }
        return try JSONDecoder().decode(type, from: Data(text.utf8))
    }
}
