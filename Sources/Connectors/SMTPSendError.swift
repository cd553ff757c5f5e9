import CCurl
import Domain

/// Why ``SMTPClient`` could not hand an e-mail over, in the manual's terms (Tab. 25): the reason
/// XX and the step YY, together parameter 1 of "Send e-mail failed" (``causeAction``).
///
/// The step is what the client last sent, as libcurl's debug callback saw it (EHLO, STARTTLS,
/// AUTH and each line of its exchange, MAIL, RCPT, DATA, the message, its end); the reason comes
/// from libcurl's error and the server's reply to that step:
///
/// | What happened                                                | XX | YY          | permanent |
/// |--------------------------------------------------------------|----|-------------|-----------|
/// | malformed host or URL (checked before libcurl runs, or `CURLE_URL_MALFORMAT`) | 09 | 01 | yes |
/// | port outside 1…65535; AUTH configured without user or password | 02 | 01 / auth step | yes |
/// | no recipient                                                 | 13 | 05          | yes       |
/// | recipient or sender not a plain `local@domain` address        | 14 / 15 | 05 / 04 | yes      |
/// | host name does not resolve (`CURLE_COULDNT_RESOLVE_HOST`)     | 09 | 01          | no ¹      |
/// | connection refused, host unreachable (`CURLE_COULDNT_CONNECT`) | 03 | 01         | no        |
/// | certificate not trusted, wrong name, CA file unreadable (`CURLE_PEER_FAILED_VERIFICATION`, `…_CACERT_BADFILE` …) | 03 | 01 TLS, 02 STARTTLS | yes |
/// | TLS handshake failed (`CURLE_SSL_CONNECT_ERROR`)              | 03 | 01 / 02     | no        |
/// | server offers no STARTTLS or refuses it with 5xx (`CURLE_USE_SSL_FAILED`) | 03 | 02 | yes |
/// | … refuses it with 4xx                                         | 06 | 02          | no        |
/// | timeout (`CURLE_OPERATION_TIMEDOUT`)                          | 07 | step        | no        |
/// | connection closed without an answer to the step (`CURLE_RECV_ERROR`, `…_SEND_ERROR`, `…_GOT_NOTHING`, `…_WEIRD_SERVER_REPLY`) | 07 | step | no |
/// | credentials refused (`CURLE_LOGIN_DENIED`, 535 …)             | 04 | 12 PLAIN, 11 LOGIN ², 14 CRAM-MD5 | yes |
/// | the server does not offer the configured mechanism (`CURLE_LOGIN_DENIED`, no AUTH sent) | 04 | 12 PLAIN, 09 LOGIN, 13 CRAM-MD5 | yes |
/// | any 4xx reply (e.g. 421, 450, 451, 452, 454)                  | 06 | step        | no        |
/// | 5xx to MAIL FROM                                              | 15 | 04          | yes       |
/// | … 530 (authentication or STARTTLS required) to MAIL FROM      | 04 | 04          | yes       |
/// | … 552 (message too large for the server, RFC 1870 SIZE)       | 10 | 04          | yes       |
/// | 550, 551, 553 or 501 to RCPT TO                               | 14 | 05          | yes       |
/// | other 5xx to RCPT TO (552 mailbox full, 554 policy …)         | 05 | 05          | yes       |
/// | 552, or 5.3.4 / 5.2.3 "message too big", after the message    | 10 | 07 / 08     | yes       |
/// | other 5xx after the message (end of data)                     | 05 | 08          | yes       |
/// | 5xx to the greeting, EHLO, HELO or DATA                        | 05 | 01, 02, 03, 06 | yes    |
/// | 5xx inside an AUTH exchange                                   | 04 | auth step   | yes       |
/// | a reply libcurl did not expect (a 2xx or 3xx where it wanted another), anything else | 00 | step | no |
///
/// ¹ A name that does not resolve may be a typing error or a DNS server that is down for a
/// moment; libcurl cannot tell, so the caller keeps trying. ² LOGIN has three steps (09 prepare,
/// 10 user name, 11 password); a refused password is reported in 11, where servers answer.
///
/// A certificate that is not trusted is *cannot set up a connection* (03), not *access data
/// invalid* (02): the connection is what fails, and the fix (a CA file, the right host name) is
/// on the connection's side. It is permanent because sending again does not change it.
public struct SMTPSendError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Tab. 25 reason XX (``EventCatalogue/mailFailureReasons``).
    public let reason: Int
    /// Tab. 25 action YY, the step (``EventCatalogue/mailFailureActions``).
    public let action: Int
    /// A 5xx answer or a configuration the server will never accept: sending the same e-mail the
    /// same way again will fail again. Not permanent: a 4xx answer, a network or DNS failure, a
    /// timeout; worth another attempt later. The caller decides what to do with either.
    public let isPermanent: Bool
    /// libcurl's `CURLcode`; 0 when the client refused the e-mail before libcurl ran.
    public let curlCode: Int
    /// libcurl's message (its error buffer, or `curl_easy_strerror`), or the client's own.
    public let curlMessage: String
    /// The server's last reply code (`CURLINFO_RESPONSE_CODE`); nil when it never replied.
    public let responseCode: Int?
    /// The server's last reply line as received, e.g. `550 5.1.1 No such user`.
    public let serverReply: String?

    public init(
        reason: Int, action: Int, isPermanent: Bool, curlCode: Int = 0, curlMessage: String, responseCode: Int? = nil,
        serverReply: String? = nil
    ) {
        self.reason = reason
        self.action = action
        self.isPermanent = isPermanent
        self.curlCode = curlCode
        self.curlMessage = curlMessage
        self.responseCode = responseCode
        self.serverReply = serverReply
    }

    /// Parameter 1 of "Send e-mail failed": `XXYY`, e.g. `0412`.
    public var causeAction: String { EventParameter.twoDigits(reason) + EventParameter.twoDigits(action) }

    /// E.g. `0412 Authentication failed during Authentication (PLAIN): Login denied (curl error
    /// 67); last server reply 535: 535 5.7.8 Authentication credentials invalid`.
    public var description: String {
        let reasonText = EventCatalogue.mailFailureReasons[reason] ?? "reason \(reason)"
        let actionText = EventCatalogue.mailFailureActions[action] ?? "step \(action)"
        var text = "\(causeAction) \(reasonText) during \(actionText): \(curlMessage)"
        if curlCode != 0 { text += " (curl error \(curlCode))" }
        if let responseCode {
            text += "; last server reply \(responseCode)"
            if let serverReply, serverReply.hasPrefix(String(responseCode)) { text += ": \(serverReply)" }
        } else {
            text += "; no reply from the server"
        }
        return text
    }

    // MARK: Classification

    /// The reason, step and permanence of a failed transfer (the table above).
    static func classify(
        code: CURLcode, transcript: CurlBridge.SMTPTranscript, authentication: SMTPAuthentication
    ) -> (reason: Int, action: Int, isPermanent: Bool) {
        let step = transcript.action
        let reply = transcript.answered ? transcript.lastReplyCode : nil
        switch code {
        case CURLE_URL_MALFORMAT:
            return (9, 1, true)
        case CURLE_COULDNT_RESOLVE_HOST:
            return (9, 1, false)
        case CURLE_COULDNT_CONNECT:
            return (3, 1, false)
        case CURLE_OPERATION_TIMEDOUT:
            return (7, step, false)
        case CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_CRL_BADFILE,
            CURLE_SSL_PINNEDPUBKEYNOTMATCH, CURLE_SSL_INVALIDCERTSTATUS, CURLE_SSL_CERTPROBLEM:
            return (3, step, true)
        case CURLE_SSL_CONNECT_ERROR:
            return (3, step, false)
        case CURLE_USE_SSL_FAILED:
            if let reply, (400..<500).contains(reply) { return (6, 2, false) }
            return (3, 2, true)
        case CURLE_LOGIN_DENIED:
            guard transcript.authenticationStarted else { return (4, Self.firstAuthenticationStep(authentication), true) }
            if let reply, (400..<500).contains(reply) { return (6, step, false) }
            return (4, step, true)
        default:
            if let reply {
                // The server answered the step: a refusal, or a reply libcurl did not expect.
                return reply >= 400 ? Self.classify(reply: reply, text: transcript.lastReply ?? "", step: step) : (0, step, false)
            }
            switch code {
            case CURLE_RECV_ERROR, CURLE_SEND_ERROR, CURLE_GOT_NOTHING, CURLE_WEIRD_SERVER_REPLY: return (7, step, false)
            default: return (0, step, false)
            }
        }
    }

    /// A 4xx or 5xx reply to `step`.
    static func classify(reply: Int, text: String, step: Int) -> (reason: Int, action: Int, isPermanent: Bool) {
        guard reply >= 500 else { return (6, step, false) }
        let enhanced = text.dropFirst(4).prefix { $0 != " " }
        switch step {
        case 4:
            switch reply {
            case 530: return (4, 4, true)
            case 552: return (10, 4, true)
            default: return (15, 4, true)
            }
        case 5:
            return ([550, 551, 553, 501].contains(reply) ? 14 : 5, 5, true)
        case 7, 8:
            return (reply == 552 || enhanced == "5.3.4" || enhanced == "5.2.3" ? 10 : 5, step, true)
        case 9...14:
            return (4, step, true)
        default:
            return (5, step, true)
        }
    }

    /// The step a mechanism starts with (Tab. 25): where a server that does not offer it fails.
    static func firstAuthenticationStep(_ authentication: SMTPAuthentication) -> Int {
        switch authentication {
        case .none: 3
        case .plain: 12
        case .login: 9
        case .cramMD5: 13
        }
    }
}
