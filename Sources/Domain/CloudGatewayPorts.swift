/// The ports the CloudLink gateway keeps for itself: "for internal use only and must not be used
/// for any configurable service settings … for either UDP or TCP" (seed 004, ch. 2, the gateway's
/// port table). Every setting that names a port — the admin API, the SNMP agent, the SIP
/// listeners and each later one — is checked against this one list.
public enum CloudGatewayPorts {
    public static let reserved: [Int] = [5070, 5071, 5080, 5081, 19060, 19061]

    /// The rule a setting breaks when it names one of them, or `nil`.
    public static func violation(port: Int) -> String? {
        guard reserved.contains(port) else { return nil }
        return "port \(port) is reserved for the cloud gateway (\(reserved.map(String.init).joined(separator: ", ")) may not be used by any service)"
    }
}
