import AccessControl
import Testing

@Suite struct LocalNetworksTests {
    @Test(
        "LAN and loopback addresses are local",
        arguments: [
            "127.0.0.1", "10.1.2.3", "172.16.0.1", "172.31.255.254", "192.168.178.20", "::1", "fd00::5", "fe80::1", "::ffff:192.168.1.2",
        ])
    func local(address: String) { #expect(LocalNetworks.contains(address)) }

    @Test(
        "everything else is remote",
        arguments: [
            "8.8.8.8", "172.32.0.1", "172.15.9.9", "192.169.0.1", "2001:db8::1", "::ffff:8.8.8.8", "unknown", "",
        ])
    func remote(address: String) { #expect(!LocalNetworks.contains(address)) }
}
