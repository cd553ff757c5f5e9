import ATAS
import Domain
import Telephony

/// The alarm server's texts on users' phones, through the call core's SIP MESSAGE path — the
/// one the system-phone destinations use (docs/atas.md, "Showing a text on phones").
struct ATASPhoneTexts: ATASTextDelivery {
    let callCore: CallCore
    let configuration: @Sendable () -> SystemState

    func members(ofMessageGroup number: Int) -> [String]? {
        let state = configuration()
        guard state.messageGroup(number) != nil else { return nil }
        return state.messageGroupMembers(number).map(\.number)
    }

    func show(_ text: String, toUser user: String) async -> ATASTextOutcome {
        guard configuration().user(user) != nil else { return .unknownUser }
        let outcome = await callCore.sendText(text, toUsers: [user])
        if outcome.contacts == 0 { return .notRegistered }
        if outcome.delivered > 0 { return .shown(terminals: outcome.delivered) }
        return .refused(terminals: outcome.contacts, sipStatus: outcome.refusals.first ?? 408)
    }
}
