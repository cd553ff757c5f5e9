/// The test alarm server as the API shows it: the password only as set or not.
struct AlarmServerView: Encodable, Sendable {
    var host: String
    var port: Int
    var passwordSet: Bool
}
