/// What the API and `callplane atas` show of the interface (docs/atas.md, "Status").
public struct ATASStatus: Sendable, Hashable {
    /// The logged-on alarm server.
    public struct AlarmServer: Sendable, Hashable {
        public var account: String
        public var address: String
        /// µs since the epoch.
        public var since: Int64
        public var cycleSeconds: Int
        /// µs since the epoch.
        public var lastCycle: Int64
        /// Event messages sent and not yet acknowledged.
        public var inFlight: Int
    }

    /// `tls:HOST:PORT` as bound (the port the system picked for 0), `nil` while off.
    public var listening: String?
    public var alarmServer: AlarmServer?
    /// The highest event-message `id` acknowledged since the server started.
    public var lastAcknowledged: Int64?
    /// `down`, `connected` or `broken` (the connection ended without a logoff and the cycle
    /// signal is not yet overdue).
    public var link: String
}
