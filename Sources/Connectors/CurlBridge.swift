import CCurl

/// The C side of libcurl: process-wide initialisation and the callback that receives a
/// response body. Kept apart so the rest of the module stays free of raw pointers.
enum CurlBridge {
    /// `curl_global_init` is not thread-safe and must run before any handle exists (libcurl
    /// "curl_global_init(3)"); a static `let` runs it exactly once, on first use.
    static let globalInit: CURLcode = callplane_curl_global_init()

    /// Keeps the first `limit` bytes of a response, enough to quote a receiver's error text.
    final class ResponseBody {
        let limit: Int
        private(set) var bytes: [UInt8] = []

        init(limit: Int) { self.limit = limit }

        var text: String { String(decoding: bytes, as: UTF8.self) }

        fileprivate func append(_ buffer: UnsafeRawBufferPointer) {
            bytes.append(contentsOf: buffer.prefix(max(0, limit - bytes.count)))
        }
    }

    /// CURLOPT_WRITEFUNCTION: `context` is an unretained ``ResponseBody`` that outlives the
    /// transfer. Returns the full size so curl never aborts for a body longer than `limit`.
    static let writeFunction: curl_write_callback = { data, size, count, context in
        let total = size * count
        if let data, let context {
            Unmanaged<ResponseBody>.fromOpaque(context).takeUnretainedValue()
                .append(UnsafeRawBufferPointer(start: data, count: total))
        }
        return total
    }
}
