extension FunctionCode {
    /// The fixed codes of Tab. 23, by their dial string.
    private static let fixed: [String: FunctionCode] = Dictionary(
        uniqueKeysWithValues: [
            FunctionCode.enableOneOffRemoteMaintenance, .barOneOffRemoteMaintenance, .enablePermanentRemoteMaintenance,
            .barPermanentRemoteMaintenance,
        ].map { ($0.dialString, $0) })

    private static let userEventMessagePrefix = "*77"

    /// Resolves a dialled string (the user part of the Request-URI, as the phone sent it).
    ///
    /// `*77` with one digit is already complete, so a phone that dials with overlap reaches only
    /// one-digit codes; SIP phones send the number en bloc, and reach every code up to 99999
    /// (see docs/decisions.md, "Function codes and their tones").
    public static func resolve(_ dialled: String) -> Resolution {
        guard let first = dialled.first, first == "*" || first == "#" else { return .notAFunctionCode }
        if let code = fixed[dialled] { return .code(code) }
        if dialled.hasPrefix(userEventMessagePrefix) {
            let digits = dialled.dropFirst(userEventMessagePrefix.count)
            guard digits.allSatisfy(\.isASCIIDigit) else { return .unknown }
            if userEventMessageDigits.contains(digits.count) { return .code(.userEventMessage(String(digits))) }
            return digits.count < userEventMessageDigits.lowerBound ? .incomplete : .unknown
        }
        let beginsACode = fixed.keys.contains { $0.hasPrefix(dialled) } || userEventMessagePrefix.hasPrefix(dialled)
        return beginsACode ? .incomplete : .unknown
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
