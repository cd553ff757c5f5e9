import Domain

/// A destination kind's settings as a plug-in outside the product declares them: the test's
/// own alarm server for the ATAS destination (issue 12, point 4: "a destination kind is added in
/// a test module by one registration"). The password is a ``SealedSecret``; nothing else marks
/// it as secret.
struct AlarmServerSettings: DestinationSettings {
    var host: String
    var port: Int
    var password: SealedSecret

    static let name = "alarmServer"
    static let kinds: Set<SignalDestinationKind> = [.atas]
    static let payload = PayloadFields<AlarmServerSettings>(
        blank: AlarmServerSettings(host: "", port: 0, password: SealedSecret(text: "")),
        [.string("host", \.host), .integer("port", \.port), .sealed("password", \.password)])

    var view: AlarmServerView { AlarmServerView(host: host, port: port, passwordSet: !password.text.isEmpty) }
}
