import CNetSNMP
import Foundation

/// The C callbacks of net-snmp, in one file (docs/architecture.md: C callbacks bridged in one small file per
/// library). Each runs on the agent's thread and finds its ``EmbeddedSNMPAgent`` through the
/// context pointer it was registered with.
enum NetSNMPBridge {
    /// The table and scalar handler for `cpObjects`: GET and GETNEXT from the current snapshot.
    /// GETBULK reaches it as GETNEXTs (net-snmp's bulk_to_next helper); SETs never do, because
    /// the registration is read-only and the agent answers them `notWritable` itself.
    static let handler:
        @convention(c) (
            UnsafeMutablePointer<netsnmp_mib_handler>?, UnsafeMutablePointer<netsnmp_handler_registration>?,
            UnsafeMutablePointer<netsnmp_agent_request_info>?, UnsafeMutablePointer<netsnmp_request_info>?
        ) -> Int32 = { handler, _, info, requests in
            guard let context = handler?.pointee.myvoid, let info else { return SNMP_ERR_GENERR }
            let agent = Unmanaged<EmbeddedSNMPAgent>.fromOpaque(context).takeUnretainedValue()
            let snapshot = agent.currentSnapshot
            let mode = info.pointee.mode
            agent.walkHints.withLock { hints in
                var request = requests
                var place = 0
                while let current = request {
                    defer {
                        request = current.pointee.next
                        place += 1
                    }
                    guard current.pointee.processed == 0, let varbind = current.pointee.requestvb else { continue }
                    let name = UnsafeBufferPointer(start: varbind.pointee.name, count: varbind.pointee.name_length)
                    if mode == Int32(CALLPLANE_MODE_GET) {
                        guard let index = snapshot.index(of: name) else {
                            netsnmp_set_request_error(info, current, Int32(CALLPLANE_SNMP_NOSUCHINSTANCE))
                            continue
                        }
                        set(varbind, snapshot.value(at: index), agent)
                    } else if mode == Int32(CALLPLANE_MODE_GETNEXT) {
                        // Nothing after it here: the agent carries on in the next registered subtree.
                        guard let index = snapshot.index(after: name, hint: place < hints.count ? hints[place] : nil) else { continue }
                        if place < hints.count { hints[place] = index }
                        snapshot.withName(at: index) { stored in
                            withUnsafeTemporaryAllocation(of: oid.self, capacity: stored.count) { answered in
                                for (offset, part) in stored.enumerated() { answered[offset] = oid(part) }
                                snmp_set_var_objid(varbind, answered.baseAddress, answered.count)
                            }
                        }
                        set(varbind, snapshot.value(at: index), agent)
                    }
                }
            }
            return SNMP_ERR_NOERROR
        }

    private static func set(_ varbind: UnsafeMutablePointer<netsnmp_variable_list>, _ value: MIBValue, _ agent: EmbeddedSNMPAgent) {
        switch value {
        case .uptime: snmp_set_var_typed_integer(varbind, UInt8(CALLPLANE_ASN_TIMETICKS), Int(agent.uptimeTicks))
        case .integer(let number): snmp_set_var_typed_integer(varbind, UInt8(CALLPLANE_ASN_INTEGER), Int(number))
        case .unsigned(let number): snmp_set_var_typed_integer(varbind, UInt8(CALLPLANE_ASN_UNSIGNED), Int(number))
        case .gauge(let number): snmp_set_var_typed_integer(varbind, UInt8(CALLPLANE_ASN_GAUGE), Int(number))
        case .timeTicks(let number): snmp_set_var_typed_integer(varbind, UInt8(CALLPLANE_ASN_TIMETICKS), Int(number))
        case .octets(let bytes):
            _ = bytes.withUnsafeBufferPointer { snmp_set_var_typed_value(varbind, UInt8(CALLPLANE_ASN_OCTET_STR), $0.baseAddress, $0.count) }
        }
    }

    /// The access check after VACM's: a request from outside the allowed networks is denied
    /// (v2c requests are then dropped unanswered, v3 ones answered `authorizationError`).
    static let accessCheck: @convention(c) (Int32, Int32, UnsafeMutableRawPointer?, UnsafeMutableRawPointer?) -> Int32 = {
        _, _, serverArgument, clientArgument in
        guard let serverArgument, let clientArgument else { return 0 }
        let agent = Unmanaged<EmbeddedSNMPAgent>.fromOpaque(clientArgument).takeUnretainedValue()
        if !agent.admits(callplane_pdu_source_address(callplane_view_pdu(serverArgument))) { callplane_view_deny(serverArgument) }
        return 0
    }

    /// One of net-snmp's log lines, with its syslog priority.
    static let log: @convention(c) (Int32, Int32, UnsafeMutableRawPointer?, UnsafeMutableRawPointer?) -> Int32 = { _, _, message, context in
        guard let message, let context, let text = callplane_log_text(message) else { return 0 }
        Unmanaged<EmbeddedSNMPAgent>.fromOpaque(context).takeUnretainedValue()
            .libraryLogged(priority: callplane_log_priority(message), String(cString: text))
        return 0
    }

    /// An inform's answer or time-out (`snmp_async_send`); the request number is the magic.
    static let informAnswered:
        @convention(c) (
            Int32, UnsafeMutablePointer<netsnmp_session>?, Int32, UnsafeMutablePointer<netsnmp_pdu>?, UnsafeMutableRawPointer?
        ) -> Int32 = { operation, session, _, response, magic in
            let agent = EmbeddedSNMPAgent.current.withLock { $0 }
            agent?.informAnswered(request: Int(bitPattern: magic), operation: operation, response: response, session: session)
            return 1
        }

    /// The self-pipe: work handed to the agent's thread wakes its `select`.
    static let wake: @convention(c) (Int32, UnsafeMutableRawPointer?) -> Void = { descriptor, context in
        var drain = [UInt8](repeating: 0, count: 64)
        _ = read(descriptor, &drain, drain.count)
        guard let context else { return }
        Unmanaged<EmbeddedSNMPAgent>.fromOpaque(context).takeUnretainedValue().runQueuedWork()
    }

    /// A NUL-terminated C string in a buffer net-snmp filled.
    static func text(_ buffer: [CChar]) -> String {
        String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The agent thread's entry point (kept out of `main.swift`, whose closures are main-actor
    /// isolated).
    static let threadMain: @convention(c) (UnsafeMutableRawPointer?) -> UnsafeMutableRawPointer? = { context in
        guard let context else { return nil }
        Unmanaged<EmbeddedSNMPAgent>.fromOpaque(context).takeUnretainedValue().runOnAgentThread()
        return nil
    }
}
