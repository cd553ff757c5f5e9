/// How the ATAS interface checks an alarm server's logon (docs/atas.md, "Logon"): the server
/// implements it with user access control, so the account's password, lock-out, throttle and
/// access log are the same as for every other way in (manual §5.3).
public protocol ATASLogon: Sendable {
    /// - Returns: the account's name as the system spells it.
    /// - Throws: anything describing why the logon is refused; its description is sent to the
    ///   alarm server in the `logon_refused` error.
    func logon(account: String, password: String, address: String) async throws -> String
}
