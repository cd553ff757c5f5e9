/// The checks a UAS makes of every request before it processes it (RFC 3261 §8.2.1–§8.2.3), in
/// the RFC's order, each with the answer that names what was wrong: 505 for another protocol
/// version (§8.2.2.1 via §7.1), 501 for a method it does not know and 405 for one it does not
/// serve (§8.2.1, RFC 4475 §3.1.1.2 asks for one of these, never 400), 416 for a Request-URI
/// scheme other than sip and sips (§8.2.2.1), 420 with Unsupported for an unknown Require option
/// (§8.2.2.3), 415 with Accept for a body it cannot read (§8.2.3) and 406 when an INVITE's Accept
/// rules out the session description the answer would carry (§21.4.7, RFC 4475 §3.3.15).
///
/// An ACK is never answered (§17.1.1.3) and a CANCEL's Require is not looked at (§8.2.2.3), so
/// both pass every check but the version.
public struct SIPRequestInspection: Sendable {
    /// The methods the element serves, written into Allow (§20.5).
    public var allowedMethods: [SIPMethod]
    /// Option tags of Require the element supports (`Supported`, §20.37).
    public var supportedOptions: [String]
    /// Body types the element reads (`Accept` of a 415).
    public var acceptedBodies: [SIPMediaType]

    public init(allowedMethods: [SIPMethod], supportedOptions: [String] = [], acceptedBodies: [SIPMediaType] = [.sdp]) {
        self.allowedMethods = allowedMethods
        self.supportedOptions = supportedOptions
        self.acceptedBodies = acceptedBodies
    }

    /// The methods of RFC 3261 and its extensions that a SIP element recognises; any other is
    /// unknown (501), one of these the element does not serve is not allowed (405).
    public static let recognisedMethods: [SIPMethod] = [
        .invite, .ack, .bye, .cancel, .register, .options, .info, .update, .prack, .subscribe, .notify, .refer, .message, .publish,
    ]

    /// The answer owed instead of processing, or `nil` when the request may be processed.
    public func refusal(of request: SIPRequest, toTag: String) -> SIPResponse? {
        guard request.version == .sip2 else {
            return request.method == .ack ? nil : SIPResponse(answering: request, status: 505, reason: "Version Not Supported", toTag: toTag)
        }
        if request.method == .ack { return nil }
        guard allowedMethods.contains(request.method) else {
            let known = Self.recognisedMethods.contains(request.method)
            var response = SIPResponse(
                answering: request, status: known ? 405 : 501, reason: known ? "Method Not Allowed" : "Not Implemented", toTag: toTag)
            response.headers.add(.allow, allowedMethods.map(\.rawValue).joined(separator: ", "))
            return response
        }
        guard request.uri.sipURI != nil else {
            return SIPResponse(answering: request, status: 416, reason: "Unsupported URI Scheme", toTag: toTag)
        }
        if request.method != .cancel {
            let unsupported = Self.optionTags(request.headers[.require]).filter { tag in
                !supportedOptions.contains { SIPParameters.namesEqual($0, tag) }
            }
            if !unsupported.isEmpty {
                var response = SIPResponse(answering: request, status: 420, reason: "Bad Extension", toTag: toTag)
                response.headers.add(.unsupported, unsupported.joined(separator: ", "))
                return response
            }
        }
        if request.body.readableBytes > 0 {
            let type = try? request.headers.contentType
            let encoding = request.headers[.contentEncoding].flatMap { Self.optionTags([$0]) }
            let readable = type.map { type in acceptedBodies.contains { $0.matches(type) } } ?? false
            if !readable || encoding.contains(where: { !SIPParameters.namesEqual($0, "identity") }) {
                var response = SIPResponse(answering: request, status: 415, reason: "Unsupported Media Type", toTag: toTag)
                response.headers.add(.accept, acceptedBodies.map(\.description).joined(separator: ", "))
                response.headers.add("Accept-Encoding", "identity")
                return response
            }
        }
        if request.method == .invite, request.headers.contains(.accept), !Self.accepts(request.headers[.accept], .sdp) {
            return SIPResponse(answering: request, status: 406, reason: "Not Acceptable", toTag: toTag)
        }
        return nil
    }

    /// The comma-separated tokens of header values, parameters dropped.
    static func optionTags(_ values: [String]) -> [String] {
        values.flatMap { $0.split(separator: ",") }
            .map { String($0.split(separator: ";").first ?? "").trimmingCharacters(in: " \t") }
            .filter { !$0.isEmpty }
    }

    /// Whether an Accept lists `type`, itself or by a `*/*` or `type/*` range (§20.1). An empty
    /// Accept accepts no body at all.
    static func accepts(_ values: [String], _ type: SIPMediaType) -> Bool {
        optionTags(values).contains { range in
            let parts = range.split(separator: "/", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { return false }
            return (parts[0] == "*" || SIPParameters.namesEqual(parts[0], type.type))
                && (parts[1] == "*" || SIPParameters.namesEqual(parts[1], type.subtype))
        }
    }
}

extension String {
    fileprivate func trimmingCharacters(in set: String) -> String {
        String(drop { set.contains($0) }.reversed().drop { set.contains($0) }.reversed())
    }
}
