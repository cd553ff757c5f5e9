import Testing

@testable import SIP

/// Transaction matching: §17.1.3 for responses, §17.2.3 for requests (the RFC 2543 rule for
/// branches without the magic cookie), §9.2 for CANCEL; and the CANCEL request of §9.1.
@Suite struct SIPTransactionKeyTests {
    @Test func responsesMatchOnTopViaBranchAndCSeqMethod() throws {
        let invite = try TransactionMessages.invite()
        let key = try SIPTransactionKey.client(for: invite)
        #expect(!key.isRFC2543 && key.method == .invite)
        #expect(try SIPTransactionKey.client(matching: TransactionMessages.response(180, to: invite)) == key)
        #expect(try SIPTransactionKey.client(matching: TransactionMessages.response(486, to: invite)) == key)

        let other = try TransactionMessages.rebranched(invite, "z9hG4bK77ef4c2312983.2")
        #expect(try SIPTransactionKey.client(matching: TransactionMessages.response(180, to: other)) != key)

        // The CANCEL shares the branch (§9.1) and is its own transaction, told apart by CSeq.
        let cancel = try invite.makeCANCEL()
        let cancelKey = try SIPTransactionKey.client(for: cancel)
        #expect(cancelKey != key)
        #expect(try SIPTransactionKey.client(matching: TransactionMessages.response(200, to: cancel)) == cancelKey)

        // §7.3.1: parameter values compare case-insensitively, the branch among them.
        let shouted = try TransactionMessages.rebranched(invite, "z9hG4bK77EF4C2312983.1")
        #expect(try SIPTransactionKey.client(matching: TransactionMessages.response(180, to: shouted)) == key)

        let dictionary: [SIPTransactionKey: String] = [key: "INVITE", cancelKey: "CANCEL"]
        #expect(try dictionary[SIPTransactionKey.client(matching: TransactionMessages.response(487, to: invite))] == "INVITE")
    }

    @Test func clientKeysNeedAnRFC3261Branch() throws {
        let old = try TransactionMessages.invite(branch: "7a83e")
        #expect(throws: SIPTransactionError(.missingRFC3261Branch, detail: "7a83e")) { try SIPTransactionKey.client(for: old) }
        #expect(throws: SIPTransactionError(.missingRFC3261Branch, detail: "7a83e")) {
            try SIPTransactionKey.client(matching: TransactionMessages.response(180, to: old))
        }
        #expect(throws: SIPTransactionError(.methodNotAllowed, detail: "ACK creates no client transaction")) {
            try SIPTransactionKey.client(for: TransactionMessages.request(.ack))
        }
    }

    @Test func requestsMatchOnBranchSentByAndMethod() throws {
        let invite = try TransactionMessages.invite()
        let key = try SIPTransactionKey.server(matching: invite)
        #expect(!key.isRFC2543)
        #expect(try SIPTransactionKey.server(matching: TransactionMessages.invite()) == key)

        // The same branch from another sent-by, or with another method, is another transaction.
        var elsewhere = invite
        var vias = try invite.headers.via
        vias[0].host = .hostname("bigbox4.site3.atlanta.com")
        elsewhere.headers.replaceOrAdd(.via, vias.map(\.description).joined(separator: ", "))
        #expect(try SIPTransactionKey.server(matching: elsewhere) != key)
        var onAnotherPort = invite
        vias = try invite.headers.via
        vias[0].port = 5070
        onAnotherPort.headers.replaceOrAdd(.via, vias.map(\.description).joined(separator: ", "))
        #expect(try SIPTransactionKey.server(matching: onAnotherPort) != key)
        let options = try TransactionMessages.request(.options, branch: "z9hG4bK77ef4c2312983.1")
        var sameViaOptions = options
        sameViaOptions.headers.replaceOrAdd(.via, invite.headers[.via].joined(separator: ", "))
        #expect(try SIPTransactionKey.server(matching: sameViaOptions) != key)
        #expect(try SIPTransactionKey.server(matching: sameViaOptions).method == .options)

        // A hostname compares case-insensitively (§19.1.4).
        var upper = invite
        vias = try invite.headers.via
        vias[0].host = .hostname("BIGBOX3.site3.ATLANTA.com")
        upper.headers.replaceOrAdd(.via, vias.map(\.description).joined(separator: ", "))
        #expect(try SIPTransactionKey.server(matching: upper) == key)
    }

    @Test func theAckOfANonSuccessResponseMatchesTheInvite() throws {
        let invite = try TransactionMessages.invite()
        let key = try SIPTransactionKey.server(matching: invite)
        let ack = try invite.makeACK(for: TransactionMessages.response(404, to: invite))
        #expect(try SIPTransactionKey.server(matching: ack) == key)
        #expect(try SIPTransactionKey.server(matching: ack).method == .invite)

        // The ACK of a 2xx is a new transaction's request with a branch of its own (§13.2.2.4).
        let ackOf2xx = try TransactionMessages.rebranched(ack, "z9hG4bK776asdhdsACK")
        #expect(try SIPTransactionKey.server(matching: ackOf2xx) != key)
    }

    @Test func aCancelIsItsOwnTransactionAndFindsTheOneItCancels() throws {
        let invite = try TransactionMessages.invite()
        let inviteKey = try SIPTransactionKey.server(matching: invite)
        let cancel = try invite.makeCANCEL()
        let read = try #require(try SIPMessageParser().parse(datagram: SIPMessage.request(cancel).serialized()).request)
        #expect(try SIPTransactionKey.server(matching: read) != inviteKey)
        #expect(try SIPTransactionKey.server(matching: read).method == .cancel)
        #expect(try SIPTransactionKey.server(cancelledBy: read) == inviteKey)

        let register = try TransactionMessages.request(.register)
        #expect(try SIPTransactionKey.server(cancelledBy: register.makeCANCEL(), method: .register) == SIPTransactionKey.server(matching: register))
        #expect(throws: SIPTransactionError(.methodNotAllowed, detail: "INVITE is not a CANCEL")) {
            try SIPTransactionKey.server(cancelledBy: invite)
        }
        #expect(throws: SIPTransactionError(.methodNotAllowed, detail: "a CANCEL cannot cancel ACK")) {
            try SIPTransactionKey.server(cancelledBy: cancel, method: .ack)
        }
    }

    @Test func theCancelRequestCopiesWhatSection9Point1Says() throws {
        let invite = try TransactionMessages.invite()
        let cancel = try invite.makeCANCEL()
        #expect(cancel.method == .cancel)
        #expect(cancel.uri == invite.uri)
        #expect(cancel.headers[.via] == ["SIP/2.0/UDP bigbox3.site3.atlanta.com;branch=z9hG4bK77ef4c2312983.1"])
        #expect(cancel.headers[.to] == invite.headers[.to])
        #expect(cancel.headers[.from] == invite.headers[.from])
        #expect(cancel.headers[.callID] == invite.headers[.callID])
        #expect(try cancel.headers.cseq == SIPCSeq(314_159, .cancel))
        #expect(cancel.headers[.route] == invite.headers[.route] && cancel.headers[.route].count == 2)
        #expect(try cancel.headers.maxForwards == 69)
        #expect(!cancel.headers.contains(.contact) && !cancel.headers.contains(.contentType) && cancel.body.readableBytes == 0)

        #expect(throws: SIPTransactionError(.methodNotAllowed, detail: "CANCEL of a ACK")) { try TransactionMessages.request(.ack).makeCANCEL() }
        #expect(throws: SIPTransactionError(.methodNotAllowed, detail: "CANCEL of a CANCEL")) { try cancel.makeCANCEL() }
        #expect(throws: SIPTransactionError(.notANon2xxFinalResponse, detail: "200")) {
            try invite.makeACK(for: TransactionMessages.response(200, to: invite))
        }
        #expect(throws: SIPTransactionError(.methodNotAllowed, detail: "ACK of a REGISTER")) {
            let register = try TransactionMessages.request(.register)
            return try register.makeACK(for: TransactionMessages.response(401, to: register))
        }
    }

    /// RFC 4475 §3.2.1: the branch is the bare magic cookie, which is not unique to a
    /// transaction, so the request is matched by the RFC 2543 rule.
    @Test func badbranchIsMatchedByTheRFC2543Rule() throws {
        let text = String(decoding: try TortureMessages.bytes("badbranch"), as: UTF8.self)
        func read(_ text: String) throws -> SIPRequest {
            try #require(try SIPMessageParser().parse(datagram: Array(text.utf8)).request)
        }
        let original = try read(text)
        #expect(try original.headers.via.first?.branch == "z9hG4bK")
        let key = try SIPTransactionKey.server(matching: original)
        #expect(key.isRFC2543 && key.method == .options)

        // The retransmission, byte for byte, and the same request once the transport has added
        // received and rport to the top Via (§18.2.1, RFC 3581).
        #expect(try SIPTransactionKey.server(matching: read(text)) == key)
        let stamped = text.replacingOccurrences(of: "branch=z9hG4bK", with: "branch=z9hG4bK;received=198.51.100.7;rport=5070")
        #expect(try SIPTransactionKey.server(matching: read(stamped)) == key)

        // Each field of the rule tells transactions apart — the shared bare branch does not join
        // them.
        let variants = [
            ("OPTIONS sip:user@example.com", "OPTIONS sip:other@example.com"),
            ("To: sip:user@example.com", "To: sip:user@example.com;tag=9fxced76sl"),
            ("tag=33242", "tag=33243"),
            ("Call-ID: badbranch.", "Call-ID: otherbranch."),
            ("CSeq: 8 OPTIONS", "CSeq: 9 OPTIONS"),
            ("Via: SIP/2.0/UDP 192.0.2.1;", "Via: SIP/2.0/UDP 192.0.2.2;"),
        ]
        for (from, to) in variants {
            #expect(text.contains(from))
            #expect(try SIPTransactionKey.server(matching: read(text.replacingOccurrences(of: from, with: to))) != key, "\(to)")
        }

        // As an INVITE, the ACK of its non-2xx response — with the To tag the UAS added — matches
        // it; the To tag is then the INVITE server transaction's to check.
        let invite = try read(text.replacingOccurrences(of: "OPTIONS", with: "INVITE"))
        let inviteKey = try SIPTransactionKey.server(matching: invite)
        #expect(inviteKey.isRFC2543)
        let ack = try invite.makeACK(for: TransactionMessages.response(486, to: invite, toTag: "9fxced76sl"))
        #expect(try SIPTransactionKey.server(matching: ack) == inviteKey)
        #expect(try SIPTransactionKey.server(matching: invite.makeCANCEL()) != inviteKey)
        #expect(try SIPTransactionKey.server(cancelledBy: invite.makeCANCEL()) == inviteKey)
    }
}
