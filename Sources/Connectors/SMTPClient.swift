import CCurl
import Dispatch
import Domain

/// Sends e-mail through the system's SMTP server (issue 17, point 1) with libcurl: `smtp://` in
/// the clear or with STARTTLS (RFC 3207; required, never a fallback to plain text), `smtps://`
/// with TLS from the first byte (RFC 8314), AUTH with the configured SASL mechanism.
///
/// One ``send(_:to:password:timeoutSeconds:)`` is one SMTP session: connect, EHLO, STARTTLS,
/// AUTH, MAIL, RCPT for each recipient (all must be accepted), DATA, QUIT. A failure is an
/// ``SMTPSendError`` with the manual's reason and step; retrying is the caller's decision.
public struct SMTPClient: Sendable {
    /// The DNS name to give in EHLO (RFC 5321 §4.1.1.1: the client's fully qualified name);
    /// nil, or anything but a DNS name, lets libcurl use the machine's host name.
    public let heloName: String?
    /// libcurl blocks its thread for a whole session; a serial queue of the client's own keeps
    /// that off Swift's cooperative pool, and one client sends one e-mail at a time.
    private let queue: DispatchQueue

    public init(heloName: String? = nil) {
        self.heloName = heloName
        self.queue = DispatchQueue(label: "callplane.smtp")
    }

    /// Hands `mail` to `server`.
    ///
    /// - Parameters:
    ///   - password: the account's password, already unsealed; required when the server's
    ///     `authentication` is not `none`.
    ///   - timeoutSeconds: limit of the whole session, connect to QUIT.
    public func send(_ mail: SMTPMail, to server: SMTPServerSettings, password: String?, timeoutSeconds: Int) async throws(SMTPSendError) {
        let session = try SMTPSession(mail: mail, server: server, password: password, heloName: heloName, timeoutSeconds: timeoutSeconds)
        let result = await withCheckedContinuation { continuation in
            queue.async { continuation.resume(returning: session.perform()) }
        }
        try result.get()
    }
}

/// One SMTP session through libcurl, performed synchronously on the calling thread; checked on
/// creation, so what libcurl gets is a well-formed URL and addresses without CR, LF or spaces
/// (which would otherwise end up as extra SMTP commands).
struct SMTPSession: Sendable {
    let url: String
    let from: String
    let recipients: [String]
    let message: [UInt8]
    let security: SMTPSecurity
    let authentication: SMTPAuthentication
    let user: String?
    let password: String?
    let caFile: String?
    let timeoutSeconds: Int

    init(mail: SMTPMail, server: SMTPServerSettings, password: String?, heloName: String?, timeoutSeconds: Int) throws(SMTPSendError) {
        func refuse(_ reason: Int, _ action: Int, _ message: String) -> SMTPSendError {
            SMTPSendError(reason: reason, action: action, isPermanent: true, curlMessage: message)
        }
        guard let host = Self.urlHost(server.host) else { throw refuse(9, 1, "invalid SMTP server host \"\(server.host)\"") }
        guard (1...65_535).contains(server.port) else { throw refuse(2, 1, "invalid SMTP server port \(server.port)") }
        guard Self.isPlainAddress(mail.from) else { throw refuse(15, 4, "invalid sender address \"\(mail.from)\"") }
        guard !mail.recipients.isEmpty else { throw refuse(13, 5, "no recipient address") }
        if let invalid = mail.recipients.first(where: { !Self.isPlainAddress($0) }) {
            throw refuse(14, 5, "invalid recipient address \"\(invalid)\"")
        }
        if server.authentication != .none {
            let step = SMTPSendError.firstAuthenticationStep(server.authentication)
            guard let user = server.user, !user.isEmpty else { throw refuse(2, step, "authentication without a user name") }
            guard password != nil else { throw refuse(2, step, "authentication without a password") }
        }
        let scheme = server.security == .tls ? "smtps" : "smtp"
        // The URL's path is the name libcurl gives in EHLO.
        let path = heloName.flatMap { $0.contains(":") || $0.contains("[") ? nil : Self.urlHost($0) }.map { "/" + $0 } ?? ""
        url = "\(scheme)://\(host):\(server.port)\(path)"
        from = mail.from
        recipients = mail.recipients
        message = mail.rendered
        security = server.security
        authentication = server.authentication
        user = server.user
        self.password = password
        caFile = server.caFile
        self.timeoutSeconds = max(1, timeoutSeconds)
    }

    func perform() -> Result<Void, SMTPSendError> {
        guard CurlBridge.globalInit == CURLE_OK, let handle = curl_easy_init() else {
            return .failure(
                SMTPSendError(reason: 0, action: 1, isPermanent: false, curlCode: Int(CURLE_FAILED_INIT.rawValue), curlMessage: "libcurl could not start"))
        }
        defer { curl_easy_cleanup(handle) }
        var recipientList: UnsafeMutablePointer<curl_slist>?
        for recipient in recipients { recipientList = curl_slist_append(recipientList, recipient) }
        defer { curl_slist_free_all(recipientList) }
        let transcript = CurlBridge.SMTPTranscript()
        let upload = CurlBridge.SMTPUpload(bytes: message, transcript: transcript)
        var errorBuffer = [CChar](repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)

        let code: CURLcode = errorBuffer.withUnsafeMutableBufferPointer { errorBytes in
            withExtendedLifetime((transcript, upload)) {
                var result = [
                    callplane_curl_setopt_string(handle, CURLOPT_URL, url),
                    callplane_curl_setopt_string(handle, CURLOPT_PROTOCOLS_STR, "smtp,smtps"),
                    callplane_curl_setopt_long(handle, CURLOPT_NOSIGNAL, 1),
                    callplane_curl_setopt_long(handle, CURLOPT_TIMEOUT, timeoutSeconds),
                    callplane_curl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT, timeoutSeconds),
                    callplane_curl_setopt_long(handle, CURLOPT_SSL_VERIFYPEER, 1),
                    callplane_curl_setopt_long(handle, CURLOPT_SSL_VERIFYHOST, 2),
                    callplane_curl_setopt_string(handle, CURLOPT_MAIL_FROM, from),
                    callplane_curl_setopt_slist(handle, CURLOPT_MAIL_RCPT, recipientList),
                    callplane_curl_setopt_long(handle, CURLOPT_UPLOAD, 1),
                    // Lets libcurl announce SIZE= in MAIL FROM, so a server refuses a message too
                    // large for it before it is sent (RFC 1870).
                    callplane_curl_setopt_long(handle, CURLOPT_INFILESIZE, message.count),
                    callplane_curl_setopt_read_function(handle, CurlBridge.smtpReadFunction),
                    callplane_curl_setopt_pointer(handle, CURLOPT_READDATA, Unmanaged.passUnretained(upload).toOpaque()),
                    // VERBOSE only feeds the debug callback, which writes nothing anywhere.
                    callplane_curl_setopt_long(handle, CURLOPT_VERBOSE, 1),
                    callplane_curl_setopt_debug_function(handle, CurlBridge.smtpDebugFunction),
                    callplane_curl_setopt_pointer(handle, CURLOPT_DEBUGDATA, Unmanaged.passUnretained(transcript).toOpaque()),
                    callplane_curl_setopt_pointer(handle, CURLOPT_ERRORBUFFER, errorBytes.baseAddress),
                ]
                if security == .starttls {
                    result.append(callplane_curl_setopt_long(handle, CURLOPT_USE_SSL, Int(CURLUSESSL_ALL.rawValue)))
                }
                if let mechanism = authentication.mechanism, let user, let password {
                    result.append(callplane_curl_setopt_string(handle, CURLOPT_USERNAME, user))
                    result.append(callplane_curl_setopt_string(handle, CURLOPT_PASSWORD, password))
                    result.append(callplane_curl_setopt_string(handle, CURLOPT_LOGIN_OPTIONS, "AUTH=\(mechanism)"))
                }
                if let caFile { result.append(callplane_curl_setopt_string(handle, CURLOPT_CAINFO, caFile)) }
                if let failed = result.first(where: { $0 != CURLE_OK }) { return failed }
                return curl_easy_perform(handle)
            }
        }
        guard code != CURLE_OK else { return .success(()) }
        let detail = String(decoding: errorBuffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var responseCode = 0
        _ = callplane_curl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &responseCode)
        let (reason, action, isPermanent) = SMTPSendError.classify(code: code, transcript: transcript, authentication: authentication)
        var text = detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail
        if code == CURLE_LOGIN_DENIED, !transcript.authenticationStarted, let mechanism = authentication.mechanism {
            let offered = transcript.offeredMechanisms.map { "AUTH \($0.joined(separator: " "))" } ?? "no AUTH"
            text += " (the server does not offer \(mechanism); it offers \(offered))"
        }
        if code == CURLE_OPERATION_TIMEDOUT, !transcript.answered { text += " (no answer to the step)" }
        return .failure(
            SMTPSendError(
                reason: reason, action: action, isPermanent: isPermanent, curlCode: Int(code.rawValue), curlMessage: text,
                responseCode: responseCode == 0 ? nil : responseCode, serverReply: transcript.lastReply))
    }

    /// The host as it goes in a URL: a DNS name or IPv4 address as it is, an IPv6 address in
    /// brackets; nil when it is none of these (a "/" or "@" would change what the URL means).
    static func urlHost(_ host: String) -> String? {
        if host.hasPrefix("["), host.hasSuffix("]") {
            let inner = host.dropFirst().dropLast()
            return !inner.isEmpty && inner.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }) ? host : nil
        }
        if host.contains(":") {
            return host.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }) ? "[\(host)]" : nil
        }
        let labels = host.split(separator: ".", omittingEmptySubsequences: false)
        guard !host.isEmpty, host.utf8.count <= 253, labels.allSatisfy({ !$0.isEmpty && $0.utf8.count <= 63 }) else { return nil }
        return host.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "." || $0 == "_") }) ? host : nil
    }

    /// `local@domain` in printable ASCII without spaces, angle brackets or quotes, at most 254
    /// octets (RFC 5321 §4.5.3.1.3). Internationalised addresses (RFC 6531) are not supported.
    static func isPlainAddress(_ address: String) -> Bool {
        let bytes = Array(address.utf8)
        guard bytes.count <= 254, let at = bytes.lastIndex(of: UInt8(ascii: "@")), at > 0, at < bytes.count - 1 else { return false }
        return bytes.allSatisfy { $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "<") && $0 != UInt8(ascii: ">") && $0 != UInt8(ascii: "\"") }
    }
}
