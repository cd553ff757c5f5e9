import CCurl

/// Why ``FTPUploadClient`` could not store a file, in terms an administrator can act on: a short
/// ``Reason``, whether trying again can help (``isPermanent``), and the evidence — libcurl's
/// error, the command the client was at and the server's last reply line.
///
/// | What happened                                                         | reason           | permanent |
/// |-----------------------------------------------------------------------|------------------|-----------|
/// | host, port, user, directory, file name or password malformed (checked before libcurl runs, or `CURLE_URL_MALFORMAT`) | `invalidSettings` | yes |
/// | the local file cannot be opened, is not a regular file, a read fails or it shrinks while it is sent | `fileUnreadable` | yes |
/// | host name does not resolve, connection refused or unreachable          | `couldNotConnect`| no ¹      |
/// | certificate not trusted or for another name, CA file unreadable, server offers no `AUTH TLS` (`CURLE_USE_SSL_FAILED`) | `tlsFailed` | yes |
/// | TLS handshake failed (`CURLE_SSL_CONNECT_ERROR`)                        | `tlsFailed`      | no        |
/// | user name or password refused (`CURLE_LOGIN_DENIED` with a 5xx, e.g. 530) | `loginRefused` | yes      |
/// | any other 4xx reply (421 too many users, 450, 452 disk full …), also at login | `refusedByServer` | no |
/// | any other 5xx reply (550 permission denied to CWD, MKD, STOR or the rename, 552 …) | `refusedByServer` | yes |
/// | the connection broke off without a reply that says why, or with 426    | `connectionLost` | no        |
/// | no answer in time: connect, a reply, or no progress of the data        | `timedOut`       | no        |
///
/// ¹ A name that does not resolve may be a typing error or a DNS server down for a moment;
/// libcurl cannot tell, so the caller keeps trying.
public struct FTPUploadError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure, in one word.
    public enum Reason: String, Sendable, Hashable, CaseIterable {
        case invalidSettings, fileUnreadable, couldNotConnect, tlsFailed, loginRefused, refusedByServer, connectionLost, timedOut
    }

    public let reason: Reason
    /// Uploading the same file the same way again will fail again: the settings, the file, the
    /// credentials or a 5xx answer must change first. Not permanent: worth another attempt later.
    public let isPermanent: Bool
    /// libcurl's `CURLcode`; 0 when the client refused the upload before libcurl ran.
    public let curlCode: Int
    /// libcurl's message (its error buffer, or `curl_easy_strerror`), or the client's own, which
    /// for `invalidSettings` names the rule that was broken.
    public let message: String
    /// The last command the client sent, e.g. `STOR backup.zip.part` or `RNTO backup.zip`; the
    /// password command appears as `PASS` alone. Nil before the first command.
    public let command: String?
    /// The server's last reply line as received, e.g. `550 Permission denied.`; nil when it never
    /// replied.
    public let serverReply: String?

    public init(reason: Reason, isPermanent: Bool, curlCode: Int = 0, message: String, command: String? = nil, serverReply: String? = nil) {
        self.reason = reason
        self.isPermanent = isPermanent
        self.curlCode = curlCode
        self.message = message
        self.command = command
        self.serverReply = serverReply
    }

    /// E.g. `The FTP server refused the user name or password (during PASS): Access denied: 530
    /// (curl error 67); last server reply: 530 Authentication failed.`
    public var description: String {
        var text = summary
        if let command { text += " (during \(command))" }
        text += ": \(message)"
        if curlCode != 0 { text += " (curl error \(curlCode))" }
        if let serverReply {
            text += "; last server reply: \(serverReply)"
        } else if curlCode != 0 {
            text += "; no reply from the server"
        }
        text += isPermanent ? "; trying again will not help until this is fixed" : "; worth trying again later"
        return text
    }

    private var summary: String {
        switch reason {
        case .invalidSettings: "The FTP distribution settings are invalid"
        case .fileUnreadable: "The file to upload could not be read"
        case .couldNotConnect: "Could not connect to the FTP server"
        case .tlsFailed: "TLS with the FTP server failed"
        case .loginRefused: "The FTP server refused the user name or password"
        case .refusedByServer: "The FTP server refused the upload"
        case .connectionLost: "The connection to the FTP server broke off"
        case .timedOut: "The FTP server did not answer in time"
        }
    }

    // MARK: Classification

    /// The reason and permanence of a failed transfer (the table above); `fileFailed` when the
    /// read callback could not read the file or found it shorter than announced.
    static func classify(code: CURLcode, replyCode: Int?, fileFailed: Bool) -> (reason: Reason, isPermanent: Bool) {
        if fileFailed { return (.fileUnreadable, true) }
        switch code {
        case CURLE_URL_MALFORMAT:
            return (.invalidSettings, true)
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_CONNECT:
            return (.couldNotConnect, false)
        case CURLE_OPERATION_TIMEDOUT, CURLE_FTP_ACCEPT_TIMEOUT:
            return (.timedOut, false)
        case CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_CRL_BADFILE,
            CURLE_SSL_PINNEDPUBKEYNOTMATCH, CURLE_SSL_INVALIDCERTSTATUS, CURLE_SSL_CERTPROBLEM, CURLE_USE_SSL_FAILED:
            return (.tlsFailed, true)
        case CURLE_SSL_CONNECT_ERROR:
            return (.tlsFailed, false)
        case CURLE_LOGIN_DENIED:
            if let replyCode, (400..<500).contains(replyCode) { return (.refusedByServer, false) }
            return (.loginRefused, true)
        default:
            // 426 "Connection closed; transfer aborted" (RFC 959) reports a broken data connection.
            if replyCode == 426 { return (.connectionLost, false) }
            if let replyCode, replyCode >= 400 { return (.refusedByServer, replyCode >= 500) }
            return (.connectionLost, false)
        }
    }
}
