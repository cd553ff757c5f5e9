import SIP

extension SIPPeer {
    /// `transport:address:port`: how the registrar records where a REGISTER came from, and how a
    /// request is matched to the flow a terminal registered over.
    var source: String {
        "\(transport):\(remoteAddress.ipAddress ?? "?"):\(remoteAddress.port ?? 0)"
    }
}
