/// Reads the text of RFC 4566 §5: `<type>=<value>` lines in the order §5 fixes, session lines
/// first, then `m=` sections. Lines may end in CRLF or, as §5 allows a parser to accept, a bare
/// LF; the last line may lack its end and empty lines after it are ignored (RFC 4475 `multi01`
/// ends its body with one), but an empty line anywhere else is refused.
struct SDPParser {
    struct Line {
        let number: Int
        let type: UInt8
        let value: String
    }

    let limits: SDPSessionDescription.Limits

    /// §5's session-level order; lines of equal rank may follow each other only when
    /// ``repeatable`` (`t=` and `r=` share one: a time description is `t=` then its `r=` lines).
    private static let sessionRank: [UInt8: Int] = rank("vosiuepcbtrzka", equal: ["t", "r"])
    private static let mediaRank: [UInt8: Int] = rank("micbka", equal: [])
    private static let repeatable: Set<UInt8> = Set("epbtra".utf8)
    private static let known: Set<UInt8> = Set("vosiuepcbtrzkam".utf8)
    private static let mandatory: [(type: UInt8, rank: Int)] = [(ascii("v"), 0), (ascii("o"), 1), (ascii("s"), 2), (ascii("t"), 9)]

    func parse(_ bytes: [UInt8]) throws(SDPParseError) -> SDPSessionDescription {
        guard bytes.count <= limits.maximumSize else { throw SDPParseError(.tooLarge, detail: "\(bytes.count) octets") }
        let lines = try Self.lines(bytes, limits: limits)
        var index = 0
        var seen: Set<UInt8> = []
        var rank = -1
        var previous: UInt8 = 0
        var origin: SDPOrigin?
        var sessionName: String?
        var description = SDPSessionDescription(origin: SDPOrigin(sessionID: 0, sessionVersion: 0, address: ""), timings: [])
        while index < lines.count, lines[index].type != Self.ascii("m") {
            let line = lines[index]
            guard let lineRank = Self.sessionRank[line.type] else { throw Self.error(.lineOutOfOrder, line) }
            try Self.checkOrder(line, rank: lineRank, after: rank, previous: previous, seen: seen, session: true)
            seen.insert(line.type)
            rank = lineRank
            previous = line.type
            switch Character(Unicode.Scalar(line.type)) {
            case "v":
                guard line.value == "0" else { throw Self.error(.unsupportedVersion, line) }
            case "o": origin = try Self.origin(line)
            case "s": sessionName = try Self.text(line)
            case "i": description.information = try Self.text(line)
            case "u": description.uri = try Self.text(line)
            case "e": description.emails.append(try Self.text(line))
            case "p": description.phones.append(try Self.text(line))
            case "c": description.connection = try Self.connection(line)
            case "b": description.bandwidths.append(try Self.bandwidth(line))
            case "t": description.timings.append(try Self.timing(line))
            case "r": description.timings[description.timings.count - 1].repeats.append(try Self.text(line))
            case "z": description.timeZones = try Self.text(line)
            case "k": description.encryptionKey = try Self.text(line)
            default: description.attributes.append(try Self.attribute(line))
            }
            index += 1
        }
        let end = index < lines.count ? lines[index].number : lines.count + 1
        for required in Self.mandatory where !seen.contains(required.type) {
            throw SDPParseError(.missingLine, line: end, detail: String(UnicodeScalar(required.type)) + "=")
        }
        guard let origin, let sessionName else { throw SDPParseError(.missingLine, line: end) }
        description.origin = origin
        description.sessionName = sessionName
        while index < lines.count {
            guard description.media.count < limits.maximumMediaCount else {
                throw Self.error(.tooManyMediaDescriptions, lines[index], detail: "more than \(limits.maximumMediaCount)")
            }
            var media = try Self.media(lines[index])
            let mediaLine = lines[index]
            index += 1
            rank = 0
            previous = Self.ascii("m")
            var mediaSeen: Set<UInt8> = []
            while index < lines.count, lines[index].type != Self.ascii("m") {
                let line = lines[index]
                guard let lineRank = Self.mediaRank[line.type] else { throw Self.error(.lineOutOfOrder, line) }
                try Self.checkOrder(line, rank: lineRank, after: rank, previous: previous, seen: mediaSeen, session: false)
                mediaSeen.insert(line.type)
                rank = lineRank
                previous = line.type
                switch Character(Unicode.Scalar(line.type)) {
                case "i": media.information = try Self.text(line)
                case "c": media.connection = try Self.connection(line)
                case "b": media.bandwidths.append(try Self.bandwidth(line))
                case "k": media.encryptionKey = try Self.text(line)
                default: media.attributes.append(try Self.attribute(line))
                }
                index += 1
            }
            if description.connection == nil, media.connection == nil {
                throw SDPParseError(.missingConnection, line: mediaLine.number, detail: "m=" + mediaLine.value)
            }
            description.media.append(media)
        }
        return description
    }

    // MARK: - Lines

    static func lines(_ bytes: [UInt8], limits: SDPSessionDescription.Limits) throws(SDPParseError) -> [Line] {
        var ranges: [Range<Int>] = []
        var start = 0
        for position in bytes.indices where bytes[position] == .lf {
            ranges.append(start..<(position > start && bytes[position - 1] == .cr ? position - 1 : position))
            start = position + 1
        }
        if start < bytes.count { ranges.append(start..<bytes.count) }
        while ranges.last?.isEmpty == true { ranges.removeLast() }
        guard ranges.count <= limits.maximumLineCount else {
            throw SDPParseError(.tooManyLines, line: limits.maximumLineCount + 1, detail: "more than \(limits.maximumLineCount)")
        }
        var lines: [Line] = []
        lines.reserveCapacity(ranges.count)
        for (offset, range) in ranges.enumerated() {
            let number = offset + 1
            guard range.count >= 2, bytes[range.lowerBound] >= ascii("a"), bytes[range.lowerBound] <= ascii("z"),
                bytes[range.lowerBound + 1] == .equals
            else {
                throw SDPParseError(.malformedLine, line: number, detail: range.isEmpty ? "empty line" : "not <type>=<value>")
            }
            let valueRange = (range.lowerBound + 2)..<range.upperBound
            guard !bytes[valueRange].contains(0), !bytes[valueRange].contains(.cr),
                let value = String(validating: bytes[valueRange], as: UTF8.self)
            else {
                throw SDPParseError(.malformedLine, line: number, detail: "NUL, CR or invalid UTF-8")
            }
            let type = bytes[range.lowerBound]
            guard known.contains(type) else {
                throw SDPParseError(.unknownLineType, line: number, detail: String(UnicodeScalar(type)) + "=")
            }
            lines.append(Line(number: number, type: type, value: value))
        }
        return lines
    }

    /// A line may not go back in §5's order nor repeat unless repeatable, `r=` belongs to a
    /// `t=`, and a session line past a mandatory one's place means that one is missing.
    private static func checkOrder(
        _ line: Line, rank: Int, after previousRank: Int, previous: UInt8, seen: Set<UInt8>, session: Bool
    ) throws(SDPParseError) {
        if rank < previousRank || (seen.contains(line.type) && !repeatable.contains(line.type)) { throw error(.lineOutOfOrder, line) }
        if line.type == ascii("r"), previous != ascii("t"), previous != ascii("r") { throw error(.lineOutOfOrder, line) }
        guard session else { return }
        for required in mandatory where required.rank < rank && !seen.contains(required.type) {
            throw SDPParseError(.missingLine, line: line.number, detail: String(UnicodeScalar(required.type)) + "=")
        }
    }

    // MARK: - Fields

    private static func text(_ line: Line) throws(SDPParseError) -> String {
        guard !line.value.isEmpty else { throw error(.malformedField, line) }
        return line.value
    }

    /// Fields separated by exactly one space, none empty (the SP of §9's grammar).
    private static func fields(_ line: Line, count: ClosedRange<Int>) throws(SDPParseError) -> [Substring] {
        let fields = line.value.split(separator: " ", omittingEmptySubsequences: false)
        guard count.contains(fields.count), !fields.contains(where: \.isEmpty) else { throw error(.malformedField, line) }
        return fields
    }

    private static func number(_ text: Substring, maximum: UInt64, _ line: Line) throws(SDPParseError) -> UInt64 {
        switch SIPScanner.decimal(text.utf8, maximum: maximum) {
        case .value(let value): return value
        case .outOfRange: throw error(.numberOutOfRange, line)
        case .malformed: throw error(.malformedField, line)
        }
    }

    private static func origin(_ line: Line) throws(SDPParseError) -> SDPOrigin {
        let fields = try fields(line, count: 6...6)
        return SDPOrigin(
            username: String(fields[0]), sessionID: try number(fields[1], maximum: .max, line),
            sessionVersion: try number(fields[2], maximum: .max, line), networkType: String(fields[3]), addressType: String(fields[4]),
            address: String(fields[5]))
    }

    private static func connection(_ line: Line) throws(SDPParseError) -> SDPConnection {
        let fields = try fields(line, count: 3...3)
        let parts = fields[2].split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard !parts[0].isEmpty, parts.count == 1 || !parts[1].isEmpty else { throw error(.malformedField, line) }
        return SDPConnection(
            networkType: String(fields[0]), addressType: String(fields[1]), address: String(parts[0]), multicast: parts.count > 1 ? String(parts[1]) : nil)
    }

    private static func bandwidth(_ line: Line) throws(SDPParseError) -> SDPBandwidth {
        let parts = line.value.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2, isToken(parts[0]) else { throw error(.malformedField, line) }
        return SDPBandwidth(type: String(parts[0]), value: try number(parts[1], maximum: .max, line))
    }

    private static func timing(_ line: Line) throws(SDPParseError) -> SDPTiming {
        let fields = try fields(line, count: 2...2)
        return SDPTiming(start: try number(fields[0], maximum: .max, line), stop: try number(fields[1], maximum: .max, line))
    }

    private static func media(_ line: Line) throws(SDPParseError) -> SDPMediaDescription {
        let fields = try fields(line, count: 4...Int.max)
        guard isToken(fields[0]) else { throw error(.malformedField, line) }
        let port = fields[1].split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        let media = SDPMediaDescription(
            media: String(fields[0]), port: UInt16(try number(port[0], maximum: UInt64(UInt16.max), line)),
            portCount: port.count > 1 ? UInt16(try number(port[1], maximum: UInt64(UInt16.max), line)) : nil, proto: String(fields[2]),
            formats: fields[3...].map(String.init))
        guard media.proto.split(separator: "/", omittingEmptySubsequences: false).allSatisfy(isToken) else { throw error(.malformedField, line) }
        if media.isRTP {
            for format in fields[3...] { _ = try number(format, maximum: 127, line) }
        }
        return media
    }

    private static func attribute(_ line: Line) throws(SDPParseError) -> SDPAttribute {
        let parts = line.value.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        guard isToken(parts[0]) else { throw error(.malformedField, line) }
        return SDPAttribute(String(parts[0]), parts.count > 1 ? String(parts[1]) : nil)
    }

    /// RFC 4566 §9 `token`: printable ASCII but space and `"(),/:;<=>?@[\]`.
    static func isToken(_ text: Substring) -> Bool {
        !text.isEmpty && text.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F && !"\"(),/:;<=>?@[\\]".utf8.contains($0) }
    }

    private static func error(_ rule: SDPParseError.Rule, _ line: Line, detail: String? = nil) -> SDPParseError {
        SDPParseError(rule, line: line.number, detail: detail ?? String(UnicodeScalar(line.type)) + "=" + line.value)
    }

    private static func ascii(_ character: Unicode.Scalar) -> UInt8 { UInt8(ascii: character) }

    private static func rank(_ order: String, equal: Set<Character>) -> [UInt8: Int] {
        var ranks: [UInt8: Int] = [:]
        var rank = 0
        var previous: Character?
        for character in order {
            if let previous, equal.contains(previous), equal.contains(character) { rank -= 1 }
            ranks[character.asciiValue!] = rank
            rank += 1
            previous = character
        }
        return ranks
    }
}
