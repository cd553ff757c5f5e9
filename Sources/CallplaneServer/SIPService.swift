import Logging
import SIP
import ServiceLifecycle

/// The SIP listeners, opened before the service group runs — a taken port stops the start with
/// the setting named (issue 15, point 1) — and closed at shutdown, before the projection and the
/// log they read.
struct SIPService: Service {
    let listeners: SIPListeners

    static func start(settings: ServerSettings, user: any SIPTransportUser, logger: Logger) async throws -> SIPService {
        do {
            let listeners = try await SIPListeners.bind(settings.sipListen, tls: nil, user: user)
            if !listeners.addresses.isEmpty {
                logger.info("SIP listening", metadata: ["addresses": "\(listeners.addresses.map(\.description).joined(separator: ","))"])
            }
            return SIPService(listeners: listeners)
        } catch {
            throw ServerSettingsError(setting: ServerSettings.Key.sipListen, rule: error.description)
        }
    }

    func run() async throws {
        try? await gracefulShutdown()
        await listeners.close()
    }
}
