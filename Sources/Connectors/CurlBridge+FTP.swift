#if canImport(Glibc)
    import Glibc
#endif
import CCurl

/// The C side of the FTP client: the file streamed from disk and the watch on the FTP dialogue.
extension CurlBridge {
    /// What the client and the FTP server said to each other, reduced to what an error report
    /// needs: the last command and the server's last reply line. The password never reaches it:
    /// the `PASS` line is kept as its verb alone.
    ///
    /// Used on the transfer's thread only, by libcurl's callbacks and then by the caller.
    final class FTPTranscript {
        /// The last command line sent, e.g. `CWD backups` or `STOR x.zip.part`.
        private(set) var lastCommand: String?
        /// A final reply arrived since the last command: the server answered it.
        private(set) var answered = false
        /// The last final reply line (a multi-line reply's `NNN ` line) and its code.
        private(set) var lastReply: String?
        private(set) var lastReplyCode: Int?
        /// After QUIT: libcurl sends it when it closes the connection, also after a failure, and
        /// its "221" must not hide the reply that failed.
        private var finished = false

        /// `CURLINFO_HEADER_OUT`: one command line.
        func sent(_ line: String) {
            guard !finished else { return }
            let verb = line.prefix { $0 != " " }.uppercased()
            if verb == "QUIT" {
                finished = true
                return
            }
            answered = false
            // PASS and ACCT carry secrets; the verb alone says which step it was.
            lastCommand = verb == "PASS" || verb == "ACCT" ? verb : String(line.prefix(300))
        }

        /// `CURLINFO_HEADER_IN`: reply lines; only `NNN ` (or a bare `NNN`) ends a reply (RFC 959 §4.2).
        func received(_ line: String) {
            guard !finished else { return }
            let bytes = Array(line.utf8)
            guard bytes.count >= 3, bytes[0..<3].allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
                bytes.count == 3 || bytes[3] == UInt8(ascii: " ")
            else { return }
            answered = true
            lastReplyCode = Int(String(decoding: bytes[0..<3], as: UTF8.self))
            lastReply = String(line.prefix(200))
        }
    }

    /// The file on its way up, read from its descriptor straight into libcurl's buffer, so a
    /// backup of hundreds of megabytes never sits in memory.
    final class FTPFileUpload {
        let descriptor: Int32
        /// The size announced to libcurl (CURLOPT_INFILESIZE_LARGE); no more is ever handed over,
        /// so a file that grows while it is sent still arrives as the file that was announced.
        let size: Int64
        private(set) var offset: Int64 = 0
        /// errno of a failed `read`; the transfer was aborted.
        private(set) var readError: Int32?
        /// The file ended before `size`: it shrank while it was sent. libcurl then fails the
        /// transfer (`CURLE_PARTIAL_FILE`, "Uploaded unaligned file size") before the rename.
        private(set) var endedEarly = false

        init(descriptor: Int32, size: Int64) {
            self.descriptor = descriptor
            self.size = size
        }

        fileprivate func read(into buffer: UnsafeMutableRawBufferPointer) -> Int {
            let wanted = Int(min(Int64(buffer.count), size - offset))
            guard wanted > 0, let base = buffer.baseAddress else { return 0 }
            while true {
                let count = Glibc.read(descriptor, base, wanted)
                if count < 0 && errno == EINTR { continue }
                if count < 0 {
                    readError = errno
                    return Int(CURL_READFUNC_ABORT)
                }
                if count == 0 { endedEarly = true }
                offset += Int64(count)
                return count
            }
        }
    }

    /// CURLOPT_READFUNCTION: `context` is an unretained ``FTPFileUpload`` that outlives the transfer.
    static let ftpReadFunction: curl_read_callback = { buffer, size, count, context in
        guard let buffer, let context else { return Int(CURL_READFUNC_ABORT) }
        return Unmanaged<FTPFileUpload>.fromOpaque(context).takeUnretainedValue()
            .read(into: UnsafeMutableRawBufferPointer(start: buffer, count: size * count))
    }

    /// CURLOPT_DEBUGFUNCTION: `context` is an unretained ``FTPTranscript`` that outlives the
    /// transfer. Only protocol lines reach it; TLS records, file data and libcurl's own text are
    /// ignored.
    static let ftpDebugFunction: curl_debug_callback = { _, type, data, size, context in
        guard let data, let context, type == CURLINFO_HEADER_OUT || type == CURLINFO_HEADER_IN else { return 0 }
        let transcript = Unmanaged<FTPTranscript>.fromOpaque(context).takeUnretainedValue()
        let bytes = UnsafeRawBufferPointer(start: data, count: size)
        for line in bytes.split(separator: UInt8(ascii: "\n")) {
            let text = String(decoding: line.last == UInt8(ascii: "\r") ? line.dropLast() : line[...], as: UTF8.self)
            if type == CURLINFO_HEADER_OUT { transcript.sent(text) } else { transcript.received(text) }
        }
        return 0
    }
}
