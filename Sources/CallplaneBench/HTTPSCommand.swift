import Foundation

/// Just enough HTTPS for the SRM bench's set-up, through Debian's `curl` trusting the SRM
/// server's own CA (URLSession on Linux cannot be given a root to trust).
struct HTTPSCommand {
    let directory: String
    let authority: String
    let base: String

    func json(_ method: String, _ path: String, body: String, token: String? = nil) throws -> [String: Any] {
        let ca = (directory as NSString).appendingPathComponent("srm-ca.pem")
        try Data(authority.utf8).write(to: URL(fileURLWithPath: ca))
        var arguments = ["/usr/bin/curl", "-sS", "--cacert", ca, "-X", method, "-H", "Content-Type: application/json", "--data-binary", body]
        if let token { arguments += ["-H", "Authorization: Bearer \(token)"] }
        let text = try SRMServerProcess.capture(arguments + [base + path], in: directory)
        return (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? ["answer": text]
    }
}
