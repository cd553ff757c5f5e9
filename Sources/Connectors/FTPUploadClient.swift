#if canImport(Glibc)
    import Glibc
#endif
import CCurl
import Dispatch
import Domain
import Foundation

/// Stores files on an FTP server with libcurl (manual §5.6.4.2, "FTP distribution service": a
/// copy of each backup file created): plain FTP, FTPS with `AUTH TLS` (RFC 4217; required, never
/// a fallback to clear text) or FTPS with TLS from the first byte, passive mode, missing
/// directories created.
///
/// An upload is atomic on the server: the file goes up as `<name>.part` and is renamed to
/// `<name>` (`RNFR`/`RNTO`) only after the server confirmed every byte. A server cannot tell a
/// cut connection from the end of a file — an FTP upload ends when the data connection closes —
/// so without the rename a transfer cut in the middle would leave a truncated backup under its
/// final name that looks complete. A failed upload leaves at most the `.part` file, which the
/// next upload of the same name overwrites.
public struct FTPUploadClient: Sendable {
    /// The name ``test(server:password:timeoutSeconds:)`` stores its file under, overwritten by
    /// each test.
    public static let testFileName = "callplane-distribution-test.txt"
    /// The suffix of the file while it is on its way up.
    public static let partialSuffix = ".part"

    /// libcurl blocks its thread for a whole upload; a serial queue of the client's own keeps that
    /// off Swift's cooperative pool, and one client uploads one file at a time.
    private let queue: DispatchQueue

    public init() {
        self.queue = DispatchQueue(label: "callplane.ftp")
    }

    /// Stores the file at `file` on `server` under `name`, in the server's directory.
    ///
    /// - Parameters:
    ///   - name: the file name on the server: no "/", "\\", control characters, "." or "..";
    ///     an existing file of that name is replaced.
    ///   - password: the account's password, already unsealed; nil sends an empty one.
    ///   - timeoutSeconds: the limit of each wait — the connection, each reply, any stretch in
    ///     which no data moves — not of the whole upload, which for a large backup over a slow
    ///     link may rightly take far longer.
    public func upload(file: URL, as name: String, to server: FTPDistribution, password: String?, timeoutSeconds: Int) async throws(FTPUploadError) {
        let session = try FTPSession(file: file.path, name: name, server: server, password: password, timeoutSeconds: timeoutSeconds)
        let result = await withCheckedContinuation { continuation in
            queue.async { continuation.resume(returning: session.perform()) }
        }
        try result.get()
    }

    /// The manual's "test the configuration": stores a short text file named ``testFileName``
    /// the way a backup would be stored, so connection, TLS, login, directory and write access
    /// are all proven.
    public func test(server: FTPDistribution, password: String?, timeoutSeconds: Int) async throws(FTPUploadError) {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("callplane-ftp-test-\(UUID().uuidString).txt")
        let text = "Callplane FTP distribution test. Backup files will be stored in this directory.\n"
        do {
            try Data(text.utf8).write(to: file, options: .atomic)
        } catch {
            throw FTPUploadError(reason: .fileUnreadable, isPermanent: false, message: "could not write the local test file: \(error)")
        }
        defer { try? FileManager.default.removeItem(at: file) }
        try await upload(file: file, as: Self.testFileName, to: server, password: password, timeoutSeconds: timeoutSeconds)
    }
}

/// One FTP upload through libcurl, performed synchronously on the calling thread; checked on
/// creation, so what libcurl gets is a well-formed URL and names without CR or LF (which would
/// otherwise end up as extra FTP commands in the rename).
struct FTPSession: Sendable {
    let path: String
    let url: String
    let name: String
    let security: FTPSecurity
    let user: String
    let password: String
    let caFile: String?
    let timeoutSeconds: Int

    init(file path: String, name: String, server: FTPDistribution, password: String?, timeoutSeconds: Int) throws(FTPUploadError) {
        func refuse(_ message: String) -> FTPUploadError {
            FTPUploadError(reason: .invalidSettings, isPermanent: true, message: message)
        }
        guard let host = SMTPSession.urlHost(server.host) else {
            throw refuse("the FTP server host \"\(server.host)\" is not a host name or IP address")
        }
        guard (1...65_535).contains(server.port) else { throw refuse("the FTP server port \(server.port) is not between 1 and 65535") }
        guard !server.user.isEmpty, !Self.hasControlCharacter(server.user) else {
            throw refuse("the FTP user name must not be empty or contain control characters")
        }
        if let password, Self.hasControlCharacter(password) { throw refuse("the FTP password must not contain control characters") }
        if let problem = Self.problem(withName: name) { throw refuse("the file name \"\(Self.printable(name))\" \(problem)") }
        let segments = server.directory.split(separator: "/")
        if Self.hasControlCharacter(server.directory) || segments.contains(where: { $0 == "." || $0 == ".." }) {
            throw refuse("the remote directory \"\(Self.printable(server.directory))\" must not contain control characters, \".\" or \"..\"")
        }
        // "%2F" first makes the path absolute (libcurl: CWD / before the other segments).
        let directoryPath = (server.directory.hasPrefix("/") ? ["%2F"] : []) + segments.map { Self.percentEncoded(String($0)) }
        let scheme = server.security == .implicitTLS ? "ftps" : "ftp"
        url = "\(scheme)://\(host):\(server.port)/" + (directoryPath + [Self.percentEncoded(name + FTPUploadClient.partialSuffix)]).joined(separator: "/")
        self.path = path
        self.name = name
        security = server.security
        user = server.user
        self.password = password ?? ""
        caFile = server.caFile
        self.timeoutSeconds = max(1, timeoutSeconds)
    }

    func perform() -> Result<Void, FTPUploadError> {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return .failure(Self.unreadable("cannot open \(path): \(Self.errorText(errno))")) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { return .failure(Self.unreadable("cannot read the size of \(path): \(Self.errorText(errno))")) }
        guard status.st_mode & S_IFMT == S_IFREG else { return .failure(Self.unreadable("\(path) is not a regular file")) }

        guard CurlBridge.globalInit == CURLE_OK, let handle = curl_easy_init() else {
            return .failure(
                FTPUploadError(reason: .connectionLost, isPermanent: false, curlCode: Int(CURLE_FAILED_INIT.rawValue), message: "libcurl could not start"))
        }
        defer { curl_easy_cleanup(handle) }
        // Sent only once the upload succeeded, in the directory it went to.
        var rename: UnsafeMutablePointer<curl_slist>?
        rename = curl_slist_append(rename, "RNFR \(name)\(FTPUploadClient.partialSuffix)")
        rename = curl_slist_append(rename, "RNTO \(name)")
        defer { curl_slist_free_all(rename) }
        let transcript = CurlBridge.FTPTranscript()
        let upload = CurlBridge.FTPFileUpload(descriptor: descriptor, size: Int64(status.st_size))
        var errorBuffer = [CChar](repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)

        let code: CURLcode = errorBuffer.withUnsafeMutableBufferPointer { errorBytes in
            withExtendedLifetime((transcript, upload)) {
                var result = [
                    callplane_curl_setopt_string(handle, CURLOPT_URL, url),
                    callplane_curl_setopt_string(handle, CURLOPT_PROTOCOLS_STR, "ftp,ftps"),
                    callplane_curl_setopt_long(handle, CURLOPT_NOSIGNAL, 1),
                    callplane_curl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT, timeoutSeconds),
                    callplane_curl_setopt_long(handle, CURLOPT_SERVER_RESPONSE_TIMEOUT, timeoutSeconds),
                    // No CURLOPT_TIMEOUT: it would cut a large upload that is progressing. Less
                    // than a byte a second for timeoutSeconds is a stalled one.
                    callplane_curl_setopt_long(handle, CURLOPT_LOW_SPEED_LIMIT, 1),
                    callplane_curl_setopt_long(handle, CURLOPT_LOW_SPEED_TIME, timeoutSeconds),
                    // The control connection is idle while the data flows; keep-alive probes stop
                    // a NAT router from forgetting it during a long upload and losing the 226.
                    callplane_curl_setopt_long(handle, CURLOPT_TCP_KEEPALIVE, 1),
                    callplane_curl_setopt_long(handle, CURLOPT_SSL_VERIFYPEER, 1),
                    callplane_curl_setopt_long(handle, CURLOPT_SSL_VERIFYHOST, 2),
                    callplane_curl_setopt_string(handle, CURLOPT_USERNAME, user),
                    callplane_curl_setopt_string(handle, CURLOPT_PASSWORD, password),
                    // Passive mode (no CURLOPT_FTPPORT): the client opens the data connection,
                    // which is what gets through the client's own firewall and NAT. The data
                    // connection goes to the control connection's address, not to the one in
                    // the PASV reply: a server behind NAT often names its private address there.
                    callplane_curl_setopt_long(handle, CURLOPT_FTP_SKIP_PASV_IP, 1),
                    callplane_curl_setopt_long(handle, CURLOPT_FTP_CREATE_MISSING_DIRS, Int(CURLFTP_CREATE_DIR_RETRY.rawValue)),
                    callplane_curl_setopt_slist(handle, CURLOPT_POSTQUOTE, rename),
                    callplane_curl_setopt_long(handle, CURLOPT_UPLOAD, 1),
                    callplane_curl_setopt_offset(handle, CURLOPT_INFILESIZE_LARGE, curl_off_t(upload.size)),
                    callplane_curl_setopt_read_function(handle, CurlBridge.ftpReadFunction),
                    callplane_curl_setopt_pointer(handle, CURLOPT_READDATA, Unmanaged.passUnretained(upload).toOpaque()),
                    // VERBOSE only feeds the debug callback, which writes nothing anywhere.
                    callplane_curl_setopt_long(handle, CURLOPT_VERBOSE, 1),
                    callplane_curl_setopt_debug_function(handle, CurlBridge.ftpDebugFunction),
                    callplane_curl_setopt_pointer(handle, CURLOPT_DEBUGDATA, Unmanaged.passUnretained(transcript).toOpaque()),
                    callplane_curl_setopt_pointer(handle, CURLOPT_ERRORBUFFER, errorBytes.baseAddress),
                ]
                if security == .explicitTLS {
                    result.append(callplane_curl_setopt_long(handle, CURLOPT_USE_SSL, Int(CURLUSESSL_ALL.rawValue)))
                    result.append(callplane_curl_setopt_long(handle, CURLOPT_FTPSSLAUTH, Int(CURLFTPAUTH_TLS.rawValue)))
                }
                if let caFile { result.append(callplane_curl_setopt_string(handle, CURLOPT_CAINFO, caFile)) }
                if let failed = result.first(where: { $0 != CURLE_OK }) { return failed }
                return curl_easy_perform(handle)
            }
        }
        guard code != CURLE_OK else { return .success(()) }
        let detail = String(decoding: errorBuffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var text = detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail
        if let readError = upload.readError {
            text = "reading \(path) failed: \(Self.errorText(readError))"
        } else if upload.endedEarly {
            text = "\(path) became shorter while it was sent (\(upload.offset) of \(upload.size) bytes)"
        }
        let fileFailed = upload.readError != nil || upload.endedEarly
        let (reason, isPermanent) = FTPUploadError.classify(
            code: code, replyCode: transcript.answered ? transcript.lastReplyCode : nil, fileFailed: fileFailed)
        return .failure(
            FTPUploadError(
                reason: reason, isPermanent: isPermanent, curlCode: Int(code.rawValue), message: text, command: transcript.lastCommand,
                serverReply: transcript.lastReply))
    }

    private static func unreadable(_ message: String) -> FTPUploadError {
        FTPUploadError(reason: .fileUnreadable, isPermanent: true, message: message)
    }

    private static func errorText(_ number: Int32) -> String { String(cString: strerror(number)) }

    /// Why `name` cannot be a file name on the server, or nil. It goes into the URL percent-encoded
    /// and into RNFR/RNTO as it is, so a CR or LF would start a command of its own; "/" (and "\\",
    /// a separator on Windows servers) would put the file somewhere else.
    static func problem(withName name: String) -> String? {
        if name.isEmpty { return "is empty" }
        if hasControlCharacter(name) { return "contains a control character (CR, LF, tab …)" }
        if name.contains("/") || name.contains("\\") { return "contains \"/\" or \"\\\"; the directory belongs in the settings" }
        if name == "." || name == ".." { return "is \".\" or \"..\"" }
        if name.first == " " || name.last == " " { return "starts or ends with a space, which FTP servers drop" }
        if name.utf8.count + FTPUploadClient.partialSuffix.utf8.count > 255 { return "is longer than 250 bytes" }
        return nil
    }

    static func hasControlCharacter(_ text: String) -> Bool {
        text.unicodeScalars.contains { $0.properties.generalCategory == .control }
    }

    /// Control characters shown as `\u{…}` escapes, so an error message stays one readable line.
    static func printable(_ text: String) -> String {
        text.unicodeScalars.map { $0.properties.generalCategory == .control ? "\\u{\(String($0.value, radix: 16))}" : String($0) }.joined()
    }

    /// A path segment with everything but RFC 3986's unreserved characters as `%XX` of UTF-8;
    /// libcurl decodes it back for CWD, MKD and STOR.
    static func percentEncoded(_ segment: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var bytes: [UInt8] = []
        for byte in segment.utf8 {
            let unreserved =
                (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z")) || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
                || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
                || [UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~")].contains(byte)
            bytes += unreserved ? [byte] : [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
