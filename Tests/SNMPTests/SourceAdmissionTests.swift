import CNetSNMP
import Domain
import Testing
@testable import SNMP

/// The allowed source networks, decided on the peer's raw address and remembered per peer.
@Suite struct SourceAdmissionTests {
    static func source(_ bytes: [UInt8]) -> callplane_source_address {
        var source = callplane_source_address()
        source.length = UInt8(bytes.count)
        withUnsafeMutableBytes(of: &source.bytes) { $0.copyBytes(from: bytes) }
        return source
    }

    static let loopback = source([127, 0, 0, 1])
    static let documentation = source([192, 0, 2, 9])
    static let mappedLoopback = source([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 127, 0, 0, 1])
    static let ipv6Loopback = source([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1])

    /// Each peer in turn, as the agent asks: one decision each.
    static func decisions(_ admission: inout SourceAdmission, _ peers: [callplane_source_address]) -> [Bool] {
        peers.map { admission.admits($0) }
    }

    @Test("a peer inside an allowed network is admitted, one outside is not, the same answer when asked again")
    func decides() {
        var admission = SourceAdmission(networks: [NetworkPrefix("127.0.0.0/8")!])
        let answers = Self.decisions(&admission, [Self.loopback, Self.loopback, Self.documentation, Self.documentation, Self.loopback])
        #expect(answers == [true, true, false, false, true])
    }

    @Test("new networks take effect for a peer already decided")
    func newNetworksForget() {
        var admission = SourceAdmission(networks: [NetworkPrefix("127.0.0.0/8")!])
        let before = Self.decisions(&admission, [Self.loopback])
        admission.networks = [NetworkPrefix("192.0.2.0/24")!]
        let after = Self.decisions(&admission, [Self.loopback, Self.documentation])
        #expect(before == [true])
        #expect(after == [false, true])
    }

    @Test("an unknown peer is refused even by 0.0.0.0/0; an IPv4 peer on an IPv6 socket is judged as IPv4")
    func unknownAndMapped() {
        var everything = SourceAdmission(networks: [NetworkPrefix("0.0.0.0/0")!, NetworkPrefix("::1")!])
        #expect(Self.decisions(&everything, [Self.source([]), Self.ipv6Loopback]) == [false, true])
        var onlyLoopback = SourceAdmission(networks: [NetworkPrefix("127.0.0.0/8")!])
        #expect(Self.decisions(&onlyLoopback, [Self.mappedLoopback, Self.ipv6Loopback]) == [true, false], "::1 is not 127.0.0.1")
    }
}
