import CCurl

/// One HTTPS POST through libcurl, performed synchronously on the calling thread.
///
/// Blocking by design: `curl_easy_perform` owns its thread until the transfer ends, so callers
/// run it on a thread of their own, never on the cooperative pool.
struct CurlPost: Sendable {
    enum Outcome: Sendable, Equatable {
        /// The receiver answered; `body` is the start of its response.
        case response(status: Int, body: String)
        /// No HTTP answer: libcurl's error code and message (refused, timed out, certificate …).
        case transferFailed(code: Int, message: String)

        var isSuccess: Bool {
            if case .response(let status, _) = self { return (200..<300).contains(status) }
            return false
        }
    }

    var url: String
    /// Complete header lines, `Name: value`.
    var headers: [String]
    var body: [UInt8]
    /// PEM bundle of trusted CAs; libcurl's default store when nil.
    var caFile: String?
    var timeoutSeconds: Int

    func perform() -> Outcome {
        guard CurlBridge.globalInit == CURLE_OK, let handle = curl_easy_init() else {
            return .transferFailed(code: Int(CURLE_FAILED_INIT.rawValue), message: "libcurl could not start")
        }
        defer { curl_easy_cleanup(handle) }
        var headerList: UnsafeMutablePointer<curl_slist>?
        // An empty `Expect:` stops curl from waiting for "100 Continue" on larger bodies.
        for line in headers + ["Expect:"] { headerList = curl_slist_append(headerList, line) }
        defer { curl_slist_free_all(headerList) }
        let responseBody = CurlBridge.ResponseBody(limit: 512)
        var errorBuffer = [CChar](repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)

        let code: CURLcode = body.withUnsafeBytes { bodyBytes in
            errorBuffer.withUnsafeMutableBufferPointer { errorBytes in
                withExtendedLifetime(responseBody) {
                    var result = [
                        callplane_curl_setopt_string(handle, CURLOPT_URL, url),
                        callplane_curl_setopt_string(handle, CURLOPT_PROTOCOLS_STR, "https"),
                        callplane_curl_setopt_long(handle, CURLOPT_NOSIGNAL, 1),
                        callplane_curl_setopt_long(handle, CURLOPT_TIMEOUT, timeoutSeconds),
                        callplane_curl_setopt_long(handle, CURLOPT_SSL_VERIFYPEER, 1),
                        callplane_curl_setopt_long(handle, CURLOPT_SSL_VERIFYHOST, 2),
                        callplane_curl_setopt_long(handle, CURLOPT_POST, 1),
                        callplane_curl_setopt_pointer(handle, CURLOPT_POSTFIELDS, UnsafeMutableRawPointer(mutating: bodyBytes.baseAddress)),
                        callplane_curl_setopt_long(handle, CURLOPT_POSTFIELDSIZE, bodyBytes.count),
                        callplane_curl_setopt_slist(handle, CURLOPT_HTTPHEADER, headerList),
                        callplane_curl_setopt_string(handle, CURLOPT_USERAGENT, "Callplane"),
                        callplane_curl_setopt_write_function(handle, CurlBridge.writeFunction),
                        callplane_curl_setopt_pointer(handle, CURLOPT_WRITEDATA, Unmanaged.passUnretained(responseBody).toOpaque()),
                        callplane_curl_setopt_pointer(handle, CURLOPT_ERRORBUFFER, errorBytes.baseAddress),
                    ]
                    if let caFile { result.append(callplane_curl_setopt_string(handle, CURLOPT_CAINFO, caFile)) }
                    if let failed = result.first(where: { $0 != CURLE_OK }) { return failed }
                    return curl_easy_perform(handle)
                }
            }
        }
        guard code == CURLE_OK else {
            let detail = String(decoding: errorBuffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            let message = detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail
            return .transferFailed(code: Int(code.rawValue), message: message)
        }
        var status = 0
        _ = callplane_curl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        return .response(status: status, body: responseBody.text)
    }
}
