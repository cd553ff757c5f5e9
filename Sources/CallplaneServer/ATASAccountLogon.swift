import ATAS
import AccessControl
import Domain

/// The alarm server's logon (docs/atas.md) checked by user access control: the account needs
/// the ATAS interface right (manual §5.3.1.2), and the attempt lands in its access log with the
/// interface `atas` like any other (§5.3.3).
struct ATASAccountLogon: ATASLogon {
    let access: UserAccessControl

    func logon(account: String, password: String, address: String) async throws -> String {
        try await access.logon(name: account, password: password, interface: "atas", right: .atas, address: address).name
    }
}
