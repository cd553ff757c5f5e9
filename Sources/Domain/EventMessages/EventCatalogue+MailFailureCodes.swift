/// The parameter values of "Send e-mail failed" and "E-mail successfully sent" (manual Tab. 25).
///
/// - Parameter 1 (`causeAction`) is a four-digit number XXYY: XX is the reason the e-mail could
///   not be sent (`mailFailureReasons`), YY the step the SMTP client was carrying out when the
///   error occurred (`mailFailureActions`). For example 0403 means "Authentication failed" during
///   "Registration on SMTP server"; "E-mail successfully sent" always carries 0000.
/// - Parameter 2 (`emailClient`) is the part of the system that sent the e-mail (`mailClients`).
/// - Parameter 3 (`additionalInfo`) depends on the e-mail client: for voice mail XXYY = mailbox ID
///   XX and message ID YY, for call recording the user number, for configuration files XXYY =
///   user ID XX and terminal ID YY; empty for the other clients.
extension EventCatalogue {
    /// Reason XX of parameter 1 (XXYY).
    public static let mailFailureReasons: [Int: String] = [
        0: "Not defined",
        1: "E-mail memory full",
        2: "SMTP server access data invalid",
        3: "SMTP client cannot set up a connection to the server",
        4: "Authentication failed",
        5: "Continuous negative answer from SMTP server",
        6: "Temporary negative answer from SMTP server",
        7: "No answer from SMTP server",
        8: "E-mail attachment not found",
        9: "Invalid host, domain or IP address on the communication server",
        10: "E-mail text too long (body)",
        11: "E-mail attachment too large",
        12: "Format of e-mail attachment not supported",
        13: "No e-mail recipient address",
        14: "Invalid e-mail recipient address",
        15: "Invalid e-mail sender address",
    ]

    /// Action YY of parameter 1 (XXYY): what the SMTP client was doing when the error occurred.
    public static let mailFailureActions: [Int: String] = [
        0: "Not defined",
        1: "Connection set up to SMTP server",
        2: "Extended registration on SMTP server",
        3: "Registration on SMTP server",
        4: "Transmission of e-mail address",
        5: "Transmission of e-mail recipient address",
        6: "Prepare data transmission",
        7: "Data transmission in progress",
        8: "End data transmission",
        9: "Prepare authentication (LOGIN)",
        10: "User name authentication (LOGIN)",
        11: "Password authentication (LOGIN)",
        12: "Authentication (PLAIN)",
        13: "Prepare encrypted authentication (CRAM-MD5)",
        14: "Encrypted authentication (CRAM-MD5)",
        15: "Preparing to send next e-mail",
    ]

    /// Parameter 2: the e-mail client that tried to send the e-mail.
    public static let mailClients: [Int: String] = [
        0: "Not defined",
        1: "Voice mail",
        2: "Auto backup",
        3: "Call recording",
        4: "Event message",
        5: "Call logging for hospitality",
        6: "Configuration files",
    ]
}
