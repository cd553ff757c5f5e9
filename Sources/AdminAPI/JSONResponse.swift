import AdminModels
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// JSON bodies of responses, each a typed model of `AdminModels` written with its keys in sorted
/// order, so the same state always reads the same.
enum JSONResponse {
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
