import Foundation
#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where the command-line tools get passwords from: lines of standard input (`callplane
/// login --password-stdin`, `password --stdin`, or a pipe for `accounts add` and `callplane-srm
/// technician add`), else a prompt on the terminal that does not echo.
///
/// Never from an argument or an option: those stay in the shell history and show in `ps` to
/// every local user, and the manual treats the password as the one thing guarding the
/// configuration (§5.3, §5.3.1.3). The password rules themselves are the server's to check, so
/// a rule it breaks comes back as the server's message naming that rule.
public struct PasswordInput: Sendable {
    /// Lines of standard input, in order, rather than the terminal.
    public let fromStandardInput: Bool
    /// What the error says to do when there is no terminal to ask on, e.g. the flag that reads
    /// standard input.
    public let withoutTerminal: String

    public init(fromStandardInput: Bool, withoutTerminal: String = "give it as a line on standard input") {
        self.fromStandardInput = fromStandardInput
        self.withoutTerminal = withoutTerminal
    }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Standard input when it is a pipe or a file, else the prompt: for `accounts add`, whose
    /// password is a line of standard input, yet should not be echoed when typed at a terminal.
    public static var standardInputUnlessTerminal: PasswordInput {
        PasswordInput(fromStandardInput: isatty(STDIN_FILENO) == 0)
    }

    /// One password: the next line of standard input, or asked for once.
    public func line(_ prompt: String) throws -> String {
        if fromStandardInput {
            guard let line = readLine(strippingNewline: true) else {
                throw Failure(description: "expected \(Self.what(prompt)) as a line on standard input")
            }
            return line
        }
        return try ask(prompt)
    }

    /// A password being set: from standard input one line, on the terminal asked twice, since
    /// a typing slip nobody could see would lock the account's owner out.
    public func newPassword(_ prompt: String) throws -> String {
        let first = try line(prompt)
        guard !fromStandardInput else { return first }
        guard try ask("Repeat \(Self.what(prompt)): ") == first else {
            throw Failure(description: "the two entries differ; nothing was changed")
        }
        return first
    }

    /// "New password for bob: " → "new password for bob".
    private static func what(_ prompt: String) -> String {
        var text = prompt.trimmingCharacters(in: CharacterSet(charactersIn: ": "))
        if let first = text.first { text.replaceSubrange(text.startIndex...text.startIndex, with: first.lowercased()) }
        return text
    }

    /// Asks on the controlling terminal with echo off. The terminal rather than standard input
    /// and output, so a prompt shows even when output is piped, and no terminal at all (cron, CI)
    /// is an error that names the flag to use instead of a hang.
    private func ask(_ prompt: String) throws -> String {
        let terminal = open("/dev/tty", O_RDWR)
        guard terminal >= 0 else {
            throw Failure(description: "no terminal to ask for the password on; \(withoutTerminal)")
        }
        defer { close(terminal) }
        var saved = termios()
        guard tcgetattr(terminal, &saved) == 0 else {
            throw Failure(description: "cannot switch off the terminal's echo: \(String(cString: strerror(errno)))")
        }
        var quiet = saved
        quiet.c_lflag &= ~tcflag_t(ECHO)
        Self.show(prompt, on: terminal)
        guard tcsetattr(terminal, TCSAFLUSH, &quiet) == 0 else {
            throw Failure(description: "cannot switch off the terminal's echo: \(String(cString: strerror(errno)))")
        }
        // Echo comes back however the reading ends; the Enter the user typed was not echoed,
        // so the next output starts on a line of its own only because of the newline here.
        defer {
            tcsetattr(terminal, TCSAFLUSH, &saved)
            Self.show("\n", on: terminal)
        }
        var bytes: [UInt8] = []
        var byte: UInt8 = 0
        while true {
            let count = read(terminal, &byte, 1)
            if count < 0, errno == EINTR { continue }
            guard count == 1 else {
                if bytes.isEmpty { throw Failure(description: "no password given") }
                break
            }
            if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") { break }
            bytes.append(byte)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func show(_ text: String, on terminal: Int32) {
        var text = text
        text.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let count = write(terminal, bytes.baseAddress! + offset, bytes.count - offset)
                if count < 0, errno == EINTR { continue }
                guard count > 0 else { return }
                offset += count
            }
        }
    }
}
