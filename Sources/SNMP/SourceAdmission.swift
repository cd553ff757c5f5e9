import CNetSNMP
import Domain

/// The source networks the agent answers (`SNMPAgentSettings.networks`), deciding on the peer's
/// raw address bytes and remembering the decision for the last peer. net-snmp runs its access
/// check for every varbind, so a GETBULK of 50 repetitions asks 50 times about the same peer;
/// text conversion and parsing on each of those was a tenth of the agent's time in a walk
/// (`ops/bench --only snmp`, perf).
struct SourceAdmission: Sendable {
    var networks: [NetworkPrefix] {
        didSet { last = nil }
    }
    private var last: (source: callplane_source_address, admitted: Bool)?

    init(networks: [NetworkPrefix]) {
        self.networks = networks
    }

    /// A peer whose address net-snmp does not know (length 0) is never admitted.
    mutating func admits(_ source: callplane_source_address) -> Bool {
        if let last, Self.same(last.source, source) { return last.admitted }
        let bytes = withUnsafeBytes(of: source.bytes) { Array($0.prefix(Int(source.length))) }
        let admitted = !bytes.isEmpty && networks.contains { $0.contains(addressBytes: bytes) }
        last = (source, admitted)
        return admitted
    }

    private static func same(_ one: callplane_source_address, _ other: callplane_source_address) -> Bool {
        var one = one, other = other
        return callplane_source_address_equal(&one, &other) != 0
    }
}
