import Domain

extension FunctionCode {
    /// The command a code submits through the pipeline, with the origin `sip:<user number>`
    /// and the terminal's source address, like every other change (issue 15 point 5: the same
    /// command as the API).
    /// - Parameters:
    ///   - userNumber: the call number of the user whose terminal dialled.
    ///   - at: now on the injected clock (µs), which stamps the event message.
    public func command(userNumber: String, at: Int64) -> Command {
        switch self {
        case .userEventMessage(let digits):
            .raiseEventMessage(
                EventMessageRequest(
                    type: Self.userEventMessageType, parameters: ["userCode": digits, "userNumber": userNumber], at: at))
        case .enableOneOffRemoteMaintenance, .barOneOffRemoteMaintenance, .enablePermanentRemoteMaintenance, .barPermanentRemoteMaintenance:
            .setRemoteMaintenance(remoteMaintenanceMode ?? .barred, at: at)
        }
    }

    /// "USER EVENT MESSAGE" in the event catalogue (Tab. 24, code 162).
    public static let userEventMessageType = "user_event_message"
}
