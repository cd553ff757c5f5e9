/// Field rules of accounts and profiles (manual §5.3.1.1–2).
enum AccessControlRules {
    /// §5.3.1.1: 1 to 25 alphanumerical characters and the listed special characters — the
    /// same list §5.3.1.3 gives for passwords; no umlauts or diacritics, so ASCII letters only.
    static func accountName(_ name: String) throws(DomainError) {
        let length = CapacityLimit.accountNameLength
        guard length.range.contains(name.count), name.allSatisfy({ isASCIIAlphanumeric($0) || PasswordPolicy.specialCharacters.contains($0) }) else {
            throw .invalid(
                field: "name",
                rule: "\(length.min) to \(length.max) characters from A-Z a-z 0-9 ? / < > - + * # = . , and space; no umlauts or diacritics (manual §5.3.1.1)")
        }
        guard !name.allSatisfy({ $0 == " " }) else {
            throw .invalid(field: "name", rule: "a user name is not only spaces (manual §5.3.1.1)")
        }
    }

    /// Profile ids appear in URLs and scripts: `[a-z0-9_-]{1,32}`.
    static func profileID(_ id: String) throws(DomainError) {
        guard (1...32).contains(id.utf8.count),
            id.utf8.allSatisfy({ ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x5F || $0 == 0x2D })
        else {
            throw .invalid(field: "id", rule: "1 to 32 characters from a-z 0-9 _ -")
        }
    }

    private static func isASCIIAlphanumeric(_ character: Character) -> Bool {
        guard let ascii = character.asciiValue else { return false }
        return (ascii >= 0x30 && ascii <= 0x39) || (ascii >= 0x41 && ascii <= 0x5A) || (ascii >= 0x61 && ascii <= 0x7A)
    }
}
