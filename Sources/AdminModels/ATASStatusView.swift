/// `GET /api/v1/atas`: whether the alarm server interface listens and who is logged on
/// (docs/atas.md, "Status").
public struct ATASStatusView: Codable, Sendable, Hashable, JSONWritable {
    /// The alarm server logged on now.
    public struct AlarmServer: Codable, Sendable, Hashable, JSONWritable {
        public var account: String
        public var address: String
        /// RFC 3339.
        public var since: String
        public var cycleSeconds: Int
        /// RFC 3339.
        public var lastCycle: String
        public var inFlight: Int

        public init(account: String, address: String, since: String, cycleSeconds: Int, lastCycle: String, inFlight: Int) {
            self.account = account
            self.address = address
            self.since = since
            self.cycleSeconds = cycleSeconds
            self.lastCycle = lastCycle
            self.inFlight = inFlight
        }

        public func write(to writer: inout JSONWriter) {
            writer.beginObject()
            writer.member("account", account)
            writer.member("address", address)
            writer.member("cycleSeconds", cycleSeconds)
            writer.member("inFlight", inFlight)
            writer.member("lastCycle", lastCycle)
            writer.member("since", since)
            writer.endObject()
        }
    }

    /// `tls:HOST:PORT` or `tcp:HOST:PORT` as bound; `nil` while `atas.listen` is off.
    public var listening: String?
    /// `down`, `connected`, or `broken` (ended without a logoff, cycle signal not yet overdue).
    public var link: String
    public var alarmServer: AlarmServer?
    public var lastAcknowledged: Int64?

    public init(listening: String?, link: String, alarmServer: AlarmServer?, lastAcknowledged: Int64?) {
        self.listening = listening
        self.link = link
        self.alarmServer = alarmServer
        self.lastAcknowledged = lastAcknowledged
    }

    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        if let alarmServer {
            writer.member("alarmServer", alarmServer)
        } else {
            writer.key("alarmServer")
            writer.null()
        }
        writer.member("lastAcknowledged", lastAcknowledged)
        writer.member("link", link)
        writer.member("listening", listening)
        writer.endObject()
    }
}
