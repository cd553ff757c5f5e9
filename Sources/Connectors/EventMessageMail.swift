import Domain
import EventLog
import EventMessages

/// The e-mail signal destination's message (issue 17, point 1): one e-mail per batch the
/// delivery engine hands over.
///
/// Everything in it comes from the batch, nothing from a clock, so a batch re-delivered after a
/// crash produces the same e-mail to the byte: the same Message-ID (which receivers and their
/// mail clients use to recognise a duplicate) and the same Date (that of the newest message).
public enum EventMessageMail {
    /// - Parameters:
    ///   - batch: the messages, in log order.
    ///   - systemName: the name the administrator gave the system; it heads the subject.
    ///   - sender: the SMTP server's sender address (`From:`); its domain ends the Message-ID.
    ///   - recipient: the destination's address.
    ///   - destination: the signal destination's id; part of the idempotency key.
    public static func compose(
        batch: [EventMessageDelivery], systemName: String, sender: String, recipient: String, destination: String
    ) -> SMTPMail {
        let system = systemName.trimmingPrefix(while: \.isWhitespace).isEmpty ? "Callplane" : systemName
        return SMTPMail(
            from: sender, recipients: [recipient],
            subject: subject(batch: batch, systemName: system),
            body: body(batch: batch, systemName: system, destination: destination),
            messageID: messageID(batch: batch, sender: sender, destination: destination),
            date: batch.map(\.message.at).max() ?? 0)
    }

    /// `[PBX Berlin] Critical: 3 event messages`, or for one message
    /// `[PBX Berlin] Serious: 1 event message (SIP account not available)`: the system, the
    /// highest severity in the batch and the count, readable in a list of mails.
    static func subject(batch: [EventMessageDelivery], systemName: String) -> String {
        let highest = batch.map(\.message.severity).max() ?? .normal
        var subject = "[\(systemName)] \(severityName(highest)): \(batch.count) event message\(batch.count == 1 ? "" : "s")"
        if batch.count == 1, let only = batch.first {
            subject += " (\(only.eventType?.name ?? only.message.type))"
        }
        return subject
    }

    /// The idempotency key of the batch as a msg-id (RFC 5322 §3.6.4): the destination and the
    /// log positions of the first and last message, at the sender's domain,
    /// `<callplane.external.41-42@example.com>`; the same key the webhook sends as
    /// `Idempotency-Key` (architecture rule 3).
    static func messageID(batch: [EventMessageDelivery], sender: String, destination: String) -> String {
        let first = batch.first?.position ?? 0
        let last = batch.last?.position ?? 0
        let domain = sender.lastIndex(of: "@").map { String(sender[sender.index(after: $0)...]) } ?? ""
        return "<callplane.\(atext(destination, fallback: "destination")).\(first)-\(last)@\(domainText(domain))>"
    }

    /// The plain text: a line on the batch, then one block per message (number, severity,
    /// whether it is active, name and code, time, node, parameters by their catalogue names).
    static func body(batch: [EventMessageDelivery], systemName: String, destination: String) -> String {
        var lines: [String] = []
        let count = "\(batch.count) event message\(batch.count == 1 ? "" : "s")"
        if let first = batch.first, let last = batch.last {
            let positions = first.position == last.position ? "log position \(first.position)" : "log positions \(first.position)-\(last.position)"
            lines.append("\(count) from \(systemName) (\(positions), destination \(destination)).")
        } else {
            lines.append("\(count) from \(systemName) (destination \(destination)).")
        }
        for delivery in batch {
            let message = delivery.message
            lines.append("")
            var heading = "#\(message.number)  \(severityName(message.severity))  \(status(message))"
            if message.simulated { heading += "  (simulated)" }
            lines.append(heading)
            lines.append("    \(text(delivery.eventType?.name ?? message.type)) (code \(message.code))")
            lines.append("    Time: \(RFC3339Timestamp.string(microsecondsSinceEpoch: message.at))")
            lines.append("    Node: \(message.node)")
            for (name, value) in parameterLines(delivery) {
                lines.append("    \(text(name)): \(text(value))")
            }
        }
        lines.append("")
        lines.append("-- ")
        lines.append("Sent by \(systemName) (Callplane) to the e-mail signal destination \"\(destination)\".")
        return lines.joined(separator: "\n") + "\n"
    }

    /// Whether the message is active: a negative message raises a fault that stays active until
    /// its positive partner clears it; a positive one clears; one without a partner stays active
    /// until an administrator acknowledges it (``EventPolarity``).
    static func status(_ message: EventMessage) -> String {
        switch message.polarity {
        case .negative: "active (raised)"
        case .positive: message.activeNumber.map { "cleared (ends #\($0))" } ?? "cleared"
        case .none: "active until acknowledged"
        }
    }

    /// `name: value` for each parameter: the catalogue's order and names, a coded value followed
    /// by its meaning (`4 (Event message)`, `0403 (Authentication failed; Registration on SMTP
    /// server)`); parameters the catalogue does not know follow by key.
    static func parameterLines(_ delivery: EventMessageDelivery) -> [(String, String)] {
        let values = delivery.message.parameters
        let known = delivery.eventType?.parameters ?? []
        var result: [(String, String)] = []
        for parameter in known {
            guard let value = values[parameter.key] else { continue }
            result.append((parameter.name, describe(value, of: parameter)))
        }
        let knownKeys = Set(known.map(\.key))
        for key in values.keys.sorted() where !knownKeys.contains(key) {
            result.append((key, values[key] ?? ""))
        }
        return result
    }

    static func describe(_ value: String, of parameter: EventParameter) -> String {
        switch parameter.kind {
        case .codePair(let first, let second):
            let digits = Array(value.utf8)
            guard digits.count == 4, let high = Int(String(decoding: digits[0..<2], as: UTF8.self)),
                let low = Int(String(decoding: digits[2..<4], as: UTF8.self))
            else { return value }
            let meanings = [first[high], second[low]].compactMap(\.self)
            return meanings.isEmpty ? value : "\(value) (\(meanings.joined(separator: "; ")))"
        case .number, .text:
            guard let code = Int(value), let meaning = parameter.codes[code] else { return value }
            return "\(value) (\(meaning))"
        }
    }

    /// The manual's names of the three levels.
    static func severityName(_ severity: EventSeverity) -> String {
        switch severity {
        case .normal: "Normal"
        case .serious: "Serious"
        case .critical: "Critical"
        }
    }

    /// One line of text: control characters (a newline in a parameter value) become spaces.
    private static func text(_ value: String) -> String { SMTPMail.headerText(value) }

    /// RFC 5322 atext (letters, digits and `!#$%&'*+-/=?^_`{|}~`); anything else becomes "-".
    private static func atext(_ value: String, fallback: String) -> String {
        let allowed = Set("!#$%&'*+-/=?^_`{|}~".unicodeScalars)
        let scalars = value.unicodeScalars.map { scalar in
            (scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar))) || allowed.contains(scalar) ? scalar : "-"
        }
        return scalars.isEmpty ? fallback : String(String.UnicodeScalarView(scalars))
    }

    /// A dot-atom domain for the right-hand side: labels of letters, digits and "-", `localhost`
    /// if none is left.
    private static func domainText(_ value: String) -> String {
        let labels = value.split(separator: ".").map { label in
            String(
                String.UnicodeScalarView(label.unicodeScalars.filter { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-") }))
        }
        let domain = labels.filter { !$0.isEmpty }.joined(separator: ".")
        return domain.isEmpty ? "localhost" : domain
    }
}
