/// The telephony part of the configuration (issue 15, points 5–7): message groups, the
/// emergency numbers and the users' telephony settings. The state keeps it only once something
/// in it was set, so a log without these events replays to the state, and the hash, it had
/// before they existed.
public struct TelephonyConfiguration: Sendable, Hashable, Codable {
    /// By group number (decimal).
    public var messageGroups: [String: MessageGroup]
    /// `nil` until an administrator sets the emergency numbers or their destination.
    public var emergency: EmergencySettings?
    /// By call number; only users whose settings differ from the first start's.
    public var users: [String: UserTelephony]
    /// `nil` until an administrator sets it: the defaults of ``MediaRelaySettings`` apply.
    public var mediaRelaySet: MediaRelaySettings?

    public init(
        messageGroups: [String: MessageGroup] = [:], emergency: EmergencySettings? = nil, users: [String: UserTelephony] = [:],
        mediaRelay: MediaRelaySettings? = nil
    ) {
        self.messageGroups = messageGroups
        self.emergency = emergency
        self.users = users
        mediaRelaySet = mediaRelay
    }

    enum CodingKeys: String, CodingKey {
        case messageGroups, emergency, users
        case mediaRelaySet = "mediaRelay"
    }

    /// The media relay's settings in force.
    public var mediaRelay: MediaRelaySettings { mediaRelaySet ?? MediaRelaySettings() }

    /// Nothing set: the state then holds no telephony member at all.
    var isEmpty: Bool { messageGroups.isEmpty && emergency == nil && users.isEmpty && mediaRelaySet == nil }
}
