import Logging
import NIOCore
import NIOPosix
import NIOSSL
import SIP
import ServiceLifecycle

/// The SIP listeners, opened before the service group runs — a taken port stops the start with
/// the setting named (issue 15, point 1) — and closed at shutdown, before the projection and the
/// log they read.
struct SIPService: Service {
    let listeners: SIPListeners
    /// The transaction layer in front of the call core: also what the B2BUA sends through.
    let transactions: SIPServerTransactionLayer

    /// Binds the listeners with a server transaction layer in front of `user`, all on one event
    /// loop (``SIPListeners``).
    static func start(settings: ServerSettings, tls: TLSConfiguration?, user: any SIPTransactionUser, logger: Logger) async throws -> SIPService {
        let loop = MultiThreadedEventLoopGroup.singleton.next()
        let transactions = SIPServerTransactionLayer(eventLoop: loop, user: user)
        do {
            let listeners = try await SIPListeners.bind(settings.sipListen, tls: tls, user: transactions, on: loop)
            if !listeners.addresses.isEmpty {
                logger.info("SIP listening", metadata: ["addresses": "\(listeners.addresses.map(\.description).joined(separator: ","))"])
            }
            return SIPService(listeners: listeners, transactions: transactions)
        } catch {
            throw ServerSettingsError(setting: ServerSettings.Key.sipListen, rule: error.description)
        }
    }

    func run() async throws {
        try? await gracefulShutdown()
        await listeners.close()
    }
}
