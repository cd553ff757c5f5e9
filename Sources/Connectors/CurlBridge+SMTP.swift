import CCurl

/// The C side of the SMTP client: the upload of the message and the watch on the SMTP dialogue.
extension CurlBridge {
    /// What libcurl and the server said to each other, reduced to what an error report needs:
    /// the step the client was in (manual Tab. 25's action YY), whether the server answered it,
    /// and the server's last reply line.
    ///
    /// libcurl does not say which command failed; its debug callback shows every command line it
    /// sends (`CURLINFO_HEADER_OUT`) and every reply line it reads (`CURLINFO_HEADER_IN`), which
    /// tells exactly. Lines sent while an AUTH exchange is going on are counted, never read or
    /// kept: they carry the user name and password.
    ///
    /// Used on the transfer's thread only, by libcurl's callbacks and then by the caller.
    final class SMTPTranscript {
        /// Tab. 25 action of the step in progress: 01 until the first command goes out.
        private(set) var action = 1
        /// A reply arrived since the last command (or since the body started): the server
        /// answered the step in progress.
        private(set) var answered = false
        /// The last complete reply line (the final line of a multi-line reply), e.g.
        /// `550 5.1.1 No such user`, and its code.
        private(set) var lastReply: String?
        private(set) var lastReplyCode: Int?
        /// The SASL mechanisms the server announced after EHLO (`250-AUTH PLAIN LOGIN`); nil when
        /// its last EHLO reply had no AUTH line.
        private(set) var offeredMechanisms: [String]?
        /// An AUTH command was sent.
        private(set) var authenticationStarted = false

        private var authenticating: String?
        private var inEHLOReply = false
        private var sawAuthInEHLOReply = false
        /// After QUIT: libcurl sends it when it closes a connection after a failure; its "221"
        /// must not hide the reply that failed.
        private var finished = false

        /// `CURLINFO_HEADER_OUT`: one command line, or a line of an AUTH exchange.
        func sent(_ line: String) {
            guard !finished else { return }
            if authenticating == nil, line.uppercased() == "QUIT" {
                finished = true
                return
            }
            answered = false
            if let mechanism = authenticating {
                // Continuation of AUTH: LOGIN sends the user name, then the password; CRAM-MD5 its digest.
                switch (mechanism, action) {
                case ("LOGIN", 9): action = 10
                case ("LOGIN", 10): action = 11
                case ("CRAM-MD5", 13): action = 14
                default: break
                }
                return
            }
            let words = line.split(separator: " ", maxSplits: 2)
            switch words.first?.uppercased() {
            case "EHLO":
                action = 2
                inEHLOReply = true
                sawAuthInEHLOReply = false
            case "HELO": action = 3
            case "STARTTLS": action = 2
            case "AUTH":
                authenticationStarted = true
                let mechanism = words.count > 1 ? words[1].uppercased() : ""
                authenticating = mechanism
                switch mechanism {
                case "PLAIN": action = 12
                // "AUTH LOGIN <user>" (an initial response) skips the user-name prompt.
                case "LOGIN": action = words.count > 2 ? 10 : 9
                case "CRAM-MD5": action = 13
                default: action = 3
                }
            case "MAIL": action = 4
            case "RCPT": action = 5
            case "DATA": action = 6
            default: break
            }
        }

        /// `CURLINFO_HEADER_IN`: reply lines (libcurl hands over one line per call).
        func received(_ line: String) {
            guard !finished else { return }
            let bytes = Array(line.utf8)
            guard bytes.count >= 3, let code = Int(String(decoding: bytes[0..<3], as: UTF8.self)) else { return }
            let isLastLine = bytes.count == 3 || bytes[3] != UInt8(ascii: "-")
            if inEHLOReply {
                let capability = String(decoding: bytes.dropFirst(4), as: UTF8.self).split(separator: " ")
                if capability.first?.uppercased() == "AUTH" {
                    sawAuthInEHLOReply = true
                    offeredMechanisms = capability.dropFirst().map { $0.uppercased() }
                }
                if isLastLine {
                    inEHLOReply = false
                    if !sawAuthInEHLOReply { offeredMechanisms = nil }
                }
            }
            guard isLastLine else { return }
            answered = true
            lastReplyCode = code
            lastReply = String(line.prefix(200))
            // 334 asks for the next line of the exchange; anything else ends it.
            if code != 334 { authenticating = nil }
        }

        /// The server said "354" and libcurl asks for the first bytes of the message.
        func bodyStarted() {
            guard !finished else { return }
            action = 7
            answered = false
        }

        /// The whole message went to libcurl; what remains is the end-of-data line and its reply.
        func bodyComplete() {
            guard !finished else { return }
            action = 8
            answered = false
        }
    }

    /// The message on its way up: CURLOPT_READFUNCTION copies it out piece by piece.
    final class SMTPUpload {
        let bytes: [UInt8]
        let transcript: SMTPTranscript
        private var offset = 0

        init(bytes: [UInt8], transcript: SMTPTranscript) {
            self.bytes = bytes
            self.transcript = transcript
        }

        /// With the size known (CURLOPT_INFILESIZE) libcurl stops asking once it has every byte
        /// and never reads the end of the upload, so the body is complete when its last byte is
        /// handed over; libcurl then writes the end-of-data line and waits for the reply.
        fileprivate func read(into buffer: UnsafeMutableRawBufferPointer) -> Int {
            if offset == 0 { transcript.bodyStarted() }
            let count = min(buffer.count, bytes.count - offset)
            if count > 0 {
                bytes.withUnsafeBytes { source in
                    buffer.baseAddress?.copyMemory(from: source.baseAddress! + offset, byteCount: count)
                }
                offset += count
            }
            if offset == bytes.count { transcript.bodyComplete() }
            return count
        }
    }

    /// CURLOPT_READFUNCTION: `context` is an unretained ``SMTPUpload`` that outlives the transfer.
    static let smtpReadFunction: curl_read_callback = { buffer, size, count, context in
        guard let buffer, let context else { return 0 }
        return Unmanaged<SMTPUpload>.fromOpaque(context).takeUnretainedValue()
            .read(into: UnsafeMutableRawBufferPointer(start: buffer, count: size * count))
    }

    /// CURLOPT_DEBUGFUNCTION: `context` is an unretained ``SMTPTranscript`` that outlives the
    /// transfer. Only protocol lines reach it; TLS records, the body and libcurl's own text
    /// (`CURLINFO_TEXT`) are ignored.
    static let smtpDebugFunction: curl_debug_callback = { _, type, data, size, context in
        guard let data, let context, type == CURLINFO_HEADER_OUT || type == CURLINFO_HEADER_IN else { return 0 }
        let transcript = Unmanaged<SMTPTranscript>.fromOpaque(context).takeUnretainedValue()
        let bytes = UnsafeRawBufferPointer(start: data, count: size)
        for line in bytes.split(separator: UInt8(ascii: "\n")) {
            let text = String(decoding: line.last == UInt8(ascii: "\r") ? line.dropLast() : line[...], as: UTF8.self)
            if type == CURLINFO_HEADER_OUT { transcript.sent(text) } else { transcript.received(text) }
        }
        return 0
    }
}
