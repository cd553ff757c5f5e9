/// The password syntax of manual §5.3.1.3, one rule at a time, each refusing with a code of its
/// own so a form can point at the rule that was broken. Pure: the history rule is decided
/// outside (it needs the slow hash) and handed in.
public enum PasswordPolicy {
    /// §5.3.1.3 special characters: `? / < > - + * # =`, full stop, comma and space; §5.3.1.1
    /// allows the same ones in user names.
    public static let specialCharacters: Set<Character> = ["?", "/", "<", ">", "-", "+", "*", "#", "=", ".", ",", " "]

    /// The default password a first start sets; never allowed as a chosen one.
    public static let defaultPassword = "password"

    /// Checks every syntax rule in a fixed order (length, characters, default, user name,
    /// upper, lower, digit, special), so a password that breaks several always reports the same.
    public static func check(_ password: String, accountName: String) throws(DomainError) {
        let length = CapacityLimit.passwordLength
        guard length.range.contains(password.count) else {
            throw broken("password_length", "a password has \(length.min) to \(length.max) characters (\(length.rawValue), \(length.reference))")
        }
        // Printable ASCII only: umlauts and other diacritics are refused (§5.3.1.3), and so are
        // control characters, which no keyboard of a telephone system's admin form produces.
        guard password.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value <= 0x7E }) else {
            throw broken("password_characters", "a password has no umlauts, diacritics or other characters outside printable ASCII (manual §5.3.1.3)")
        }
        guard password.lowercased() != defaultPassword else {
            throw broken("password_default", "the default password \"password\" is not allowed (manual §5.3.1.3)")
        }
        guard password.lowercased() != accountName.lowercased() else {
            throw broken("password_user_name", "the password must not be the user name (manual §5.3.1.1, §5.3.1.3)")
        }
        guard password.contains(where: { $0 >= "A" && $0 <= "Z" }) else {
            throw broken("password_uppercase", "a password contains at least one upper-case letter A-Z (manual §5.3.1.3)")
        }
        guard password.contains(where: { $0 >= "a" && $0 <= "z" }) else {
            throw broken("password_lowercase", "a password contains at least one lower-case letter a-z (manual §5.3.1.3)")
        }
        guard password.contains(where: { $0 >= "0" && $0 <= "9" }) else {
            throw broken("password_digit", "a password contains at least one digit 0-9 (manual §5.3.1.3)")
        }
        guard password.contains(where: { specialCharacters.contains($0) }) else {
            throw broken("password_special", "a password contains at least one of ? / < > - + * # = . , or a space (manual §5.3.1.3)")
        }
    }

    /// §5.3.1.3: "It is not allowed to use the last 4 historic passwords" — we count the
    /// current password as the newest of the four.
    public static func historyBroken() -> DomainError {
        let history = CapacityLimit.passwordHistory
        return broken(
            "password_history",
            "the password must differ from the last \(history.max) passwords of this account, the current one included (\(history.rawValue), \(history.reference))"
        )
    }

    private static func broken(_ code: String, _ rule: String) -> DomainError {
        DomainError(kind: .validation, code: code, message: "newPassword: \(rule)", details: ["field": "newPassword", "rule": rule])
    }
}
