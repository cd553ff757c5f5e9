import AdminModels
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// JSON bodies of responses: sorted keys, so the same state always reads the same (the typed
/// models write their keys in sorted order too).
enum JSONResponse {
    static func encode(_ object: Any) -> ByteBuffer {
        // Every object handed in is built from Strings, numbers, Bools, NSNull, arrays and
        // dictionaries of them, which JSONSerialization always accepts.
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        return ByteBuffer(bytes: data)
    }

    static func make(_ status: HTTPResponse.Status = .ok, _ object: Any, headers extra: HTTPFields = [:]) -> Response {
        make(status, byteBuffer: encode(object), headers: extra)
    }

    /// A typed body, written without building a dictionary first.
    static func make(_ status: HTTPResponse.Status = .ok, _ body: some JSONWritable, headers extra: HTTPFields = [:]) -> Response {
        make(status, bytes: body.jsonBytes(), headers: extra)
    }

    static func make(_ status: HTTPResponse.Status = .ok, bytes: [UInt8], headers extra: HTTPFields = [:]) -> Response {
        make(status, byteBuffer: ByteBuffer(bytes: bytes), headers: extra)
    }

    private static func make(_ status: HTTPResponse.Status, byteBuffer: ByteBuffer, headers extra: HTTPFields) -> Response {
        var headers = extra
        headers[.contentType] = "application/json"
        return Response(status: status, headers: headers, body: .init(byteBuffer: byteBuffer))
    }
}
