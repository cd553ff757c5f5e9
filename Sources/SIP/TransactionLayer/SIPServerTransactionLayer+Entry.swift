import NIOCore

/// The rows of the transaction tables: one generic entry per side over the state machine it
/// drives. The layer's driver only starts and cancels timers and removes ended transactions; what
/// the other actions mean — a response to send back to a peer and a request to hand up, or a
/// request to send to a target and a response to report — is the entry's, so server and client
/// transactions share one driver and the INVITE and non-INVITE ones share one entry type.
extension SIPServerTransactionLayer {
    /// What the driver asks of each of the four state machines in `Transaction/`.
    protocol Machine: Sendable {
        init(request: SIPRequest, timers: SIPTransactionTimers) throws(SIPTransactionError)
        var request: SIPRequest { get }
        mutating func start() -> [SIPTransactionAction]
        mutating func timerFired(_ timer: SIPTransactionTimer) -> [SIPTransactionAction]
        mutating func transportError() -> [SIPTransactionAction]
    }

    /// The inputs of a server transaction (§17.2).
    protocol ServerMachine: Machine {
        mutating func receivedRetransmission() -> [SIPTransactionAction]
        mutating func sendResponse(_ response: SIPResponse) throws(SIPTransactionError) -> [SIPTransactionAction]
    }

    /// The inputs of a client transaction (§17.1).
    protocol ClientMachine: Machine {
        mutating func receivedResponse(_ response: SIPResponse) -> [SIPTransactionAction]
    }

    /// One transaction in a table: its machine, its running timers, and how it carries out the
    /// actions that are not the driver's.
    ///
    /// Entries are objects, not values: the driver looks its entry up again before each action
    /// (what an action calls may end the transaction), and a value entry was copied whole each
    /// time — the request, the last response and the flow retained and released — which was 5 %
    /// of the SIP loop at 900 calls/s. Like the tables, an entry is touched only on the layer's
    /// loop.
    protocol Entry: AnyObject {
        associatedtype Machine: SIPServerTransactionLayer.Machine
        var machine: Machine { get set }
        var timers: Timers { get set }
        /// Carries out a send, a hand-up or a report to the TU.
        func carryOut(_ action: SIPTransactionAction, key: SIPTransactionKey, table: Table<Self>, layer: SIPServerTransactionLayer)
    }

    /// The timers a transaction has armed, each with the generation it was armed under.
    ///
    /// A timer is cancelled by forgetting it: its task still comes due and, finding another
    /// generation or none, does nothing. Cancelling the loop's task instead is a linear search
    /// of every task scheduled on the loop (SwiftNIO's scheduled-task heap), and under load tens
    /// of thousands of SIP timers are pending, so a cancel per transaction made the cost grow
    /// with the square of the call rate (7 % of the server at 300 calls/s). A forgotten task
    /// lives until its deadline, at most 64·T1.
    struct Timers {
        var armed: [SIPTransactionTimer: UInt64] = [:]
    }

    /// A server transaction: answered over the flow its request came in on.
    final class ServerEntry<Machine: ServerMachine>: Entry {
        var machine: Machine
        let peer: SIPPeer
        var timers = Timers()

        init(machine: Machine, peer: SIPPeer) {
            self.machine = machine
            self.peer = peer
        }

        func carryOut(_ action: SIPTransactionAction, key: SIPTransactionKey, table: Table<ServerEntry>, layer: SIPServerTransactionLayer) {
            switch action {
            case .sendResponse(let response):
                peer.send(response)
            case .sendRequest(let request):
                peer.send(request)
            case .passRequestToTU(let request):
                if request.method == .ack {
                    layer.user.receivedACK(request, from: peer)
                } else {
                    layer.user.received(request, in: SIPServerTransaction(key: key, request: request, peer: peer, layer: layer))
                }
            case .passResponseToTU(let response):
                layer.user.received(response, from: peer)
            case .informTUOfTimeout:
                // Timer H: only the INVITE server transaction waits for anything (an ACK).
                if key.method == .invite {
                    layer.user.acknowledgementTimedOut(SIPServerTransaction(key: key, request: machine.request, peer: peer, layer: layer))
                }
            case .informTUOfTransportError, .startTimer, .cancelTimer, .terminate:
                break
            }
        }
    }

    /// Where a cancelled INVITE client transaction stands (§9.1).
    enum Cancellation: Sendable, Hashable {
        case none
        /// The TU asked; the CANCEL waits for the first provisional response.
        case requested
        /// Sent, or found pointless once a final response had arrived.
        case done
    }

    /// A client transaction: sends to its target and reports to the TU's closure.
    final class ClientEntry<Machine: ClientMachine>: Entry {
        var machine: Machine
        let target: SIPTarget
        let events: @Sendable (SIPClientTransactionEvent) -> Void
        var timers = Timers()
        var cancellation = Cancellation.none

        init(machine: Machine, target: SIPTarget, events: @escaping @Sendable (SIPClientTransactionEvent) -> Void) {
            self.machine = machine
            self.target = target
            self.events = events
        }

        func carryOut(_ action: SIPTransactionAction, key: SIPTransactionKey, table: Table<ClientEntry>, layer: SIPServerTransactionLayer) {
            switch action {
            case .sendRequest(let request):
                // §17.1.4: a failed send is the transaction's transport error.
                layer.write(request, to: target) { layer.perform(table, key) { $0.transportError() } }
            case .passResponseToTU(let response):
                events(.response(response))
            case .informTUOfTimeout:
                events(.timedOut)
            case .informTUOfTransportError:
                events(.transportError)
            case .sendResponse, .passRequestToTU, .startTimer, .cancelTimer, .terminate:
                break
            }
        }
    }
}

extension SIPServerTransactionLayer.Entry {
    func run(_ input: (inout Machine) -> [SIPTransactionAction]) -> [SIPTransactionAction] {
        input(&machine)
    }
}

extension SIPInviteServerTransaction.StateMachine: SIPServerTransactionLayer.ServerMachine {}
extension SIPNonInviteServerTransaction.StateMachine: SIPServerTransactionLayer.ServerMachine {}
extension SIPInviteClientTransaction.StateMachine: SIPServerTransactionLayer.ClientMachine {}
extension SIPNonInviteClientTransaction.StateMachine: SIPServerTransactionLayer.ClientMachine {}
