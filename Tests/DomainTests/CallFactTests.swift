import Domain
import Testing

/// Issue 15, point 4: the call facts' canonical payloads, their hand-written reader (round trip
/// and named refusals), the active-calls fold and the closure of the calls a run left open.
@Suite struct CallFactTests {
    static let t0: Int64 = 1_767_225_600_000_000
    static let second: Int64 = 1_000_000

    static let start = CallStart(
        callID: "0190f0c2-0000-7000-8000-000000000001", caller: "201", callerTerminal: 1, callerSource: "192.0.2.1:5060", dialled: "202", callee: "202",
        kind: .internal, at: t0)
    static let answer = CallAnswer(callID: start.callID, terminal: 2, contact: "sip:b@192.0.2.2:5062", at: t0 + 3 * second)
    static let end = CallEnd(callID: start.callID, cause: .normal, endedBy: .callee, durationMs: 62_500, terminals: [1, 2, 3], at: t0 + 65_500_000)

    @Test func thePayloadsAreCanonicalWithTheirKeysInByteOrder() {
        #expect(
            CallFact.started(Self.start).payload
                == #"{"at":1767225600000000,"callID":"0190f0c2-0000-7000-8000-000000000001","callee":"202","caller":"201","callerSource":"192.0.2.1:5060","callerTerminal":1,"dialled":"202","kind":"internal"}"#
        )
        #expect(
            CallFact.answered(Self.answer).payload
                == #"{"at":1767225603000000,"callID":"0190f0c2-0000-7000-8000-000000000001","contact":"sip:b@192.0.2.2:5062","terminal":2}"#)
        #expect(
            CallFact.ended(Self.end).payload
                == #"{"at":1767225665500000,"callID":"0190f0c2-0000-7000-8000-000000000001","cause":"normal","durationMs":62500,"endedBy":"callee","terminals":[1,2,3]}"#
        )
        // Issue 16: the media members appear only when true, in byte order among the others.
        var secured = Self.answer
        (secured.relayed, secured.callerSRTP, secured.calleeSRTP) = (true, true, true)
        #expect(
            CallFact.answered(secured).payload
                == #"{"at":1767225603000000,"callID":"0190f0c2-0000-7000-8000-000000000001","calleeSRTP":true,"callerSRTP":true,"contact":"sip:b@192.0.2.2:5062","relayed":true,"terminal":2}"#
        )
        #expect(CallFact.started(Self.start).stream == "call/0190f0c2-0000-7000-8000-000000000001")
        #expect(
            [CallFact.started(Self.start).type, CallFact.answered(Self.answer).type, CallFact.ended(Self.end).type] == [
                "call.started", "call.answered", "call.ended",
            ])
    }

    static let roundTrips: [CallFact] = [
        .started(start),
        .started(
            CallStart(
                callID: "c2", caller: nil, callerTerminal: nil, callerSource: "[2001:db8::1]:5060", dialled: "*77123", callee: nil, kind: .functionCode, at: 5)),
        .started(
            CallStart(callID: "c3", caller: "201", callerTerminal: 4, callerSource: "192.0.2.1:5060", dialled: "112", callee: "100", kind: .emergency, at: 6)),
        .answered(answer),
        .answered(CallAnswer(callID: "c2", terminal: nil, contact: "sip:\"quoted\"\\@192.0.2.9", at: 7)),
        .answered(CallAnswer(callID: "c3", terminal: 5, contact: "sip:c@192.0.2.3", at: 8, relayed: true, callerSRTP: true, calleeSRTP: false)),
        .answered(CallAnswer(callID: "c4", terminal: nil, contact: "sip:d@192.0.2.4", at: 9, relayed: false, callerSRTP: false, calleeSRTP: true)),
        .ended(end),
        .ended(CallEnd(callID: "c2", cause: .restart, endedBy: .system, durationMs: 0, terminals: [], at: 8)),
        .ended(CallEnd(callID: "c3", cause: .normal, endedBy: .caller, durationMs: 9, terminals: [5], at: 10, relayedPackets: 900, lostPackets: 3)),
    ]

    @Test(arguments: roundTrips)
    func everyFactReadsBackAsWritten(fact: CallFact) throws {
        #expect(try CallFact.decode(type: fact.type, payload: fact.payload) == fact)
    }

    @Test func everyCauseKindAndSideReadsBack() throws {
        for cause in CallEndCause.allCases {
            for endedBy in CallEndedBy.allCases {
                let fact = CallFact.ended(CallEnd(callID: "c", cause: cause, endedBy: endedBy, durationMs: 1, terminals: [7], at: 9))
                #expect(try CallFact.decode(type: fact.type, payload: fact.payload) == fact)
            }
        }
        for kind in CallKind.allCases {
            let fact = CallFact.started(
                CallStart(callID: "c", caller: nil, callerTerminal: nil, callerSource: "s", dialled: "1", callee: nil, kind: kind, at: 1))
            #expect(try CallFact.decode(type: fact.type, payload: fact.payload) == fact)
        }
    }

    @Test func anotherFamilysTypeIsNotACallFact() throws {
        #expect(try CallFact.decode(type: "registration.bound", payload: "{}") == nil)
        #expect(try CallFact.decode(type: "call.transferred", payload: "{}") == nil)
        #expect(try CallFact.decode(type: "user.created", payload: "{}") == nil)
    }

    @Test(
        "a payload a call fact cannot be is refused, naming the type and the member",
        arguments: [
            (
                "call.ended", #"{"at":1,"callID":"c","cause":"hangup","durationMs":0,"endedBy":"caller","terminals":[]}"#,
                #"field "cause": unknown value "hangup""#
            ),
            (
                "call.ended", #"{"at":1,"callID":"c","cause":"normal","durationMs":0,"endedBy":"nobody","terminals":[]}"#,
                #"field "endedBy": unknown value "nobody""#
            ),
            ("call.started", #"{"at":1,"callID":"c","callerSource":"s","dialled":"1","kind":"trunk"}"#, #"field "kind": unknown value "trunk""#),
            ("call.ended", #"{"at":1,"callID":"c","cause":"normal","durationMs":-5,"endedBy":"caller","terminals":[]}"#, "never negative"),
            ("call.ended", #"{"at":1,"callID":"c","cause":"normal","durationMs":0,"endedBy":"caller"}"#, #"missing field "terminals""#),
            ("call.started", #"{"at":1,"callID":"c","dialled":"1","kind":"internal"}"#, #"missing field "callerSource""#),
            ("call.answered", #"{"at":1,"callID":"c","callID":"d","contact":"x"}"#, #"duplicate key "callID""#),
            ("call.answered", #"{"at":"soon","callID":"c","contact":"x"}"#, "expected an integer"),
        ])
    func refusals(type: String, payload: String, reason: String) {
        let error = #expect(throws: EventDecodingError.self) { try CallFact.decode(type: type, payload: payload) }
        #expect(error?.type == type && error?.reason.contains(reason) == true, "\(String(describing: error))")
    }

    @Test func theUnknownCauseNamesTheKnownOnes() {
        do {
            _ = try CallFact.decode(type: "call.ended", payload: #"{"at":1,"callID":"c","cause":"hangup","durationMs":0,"endedBy":"caller","terminals":[]}"#)
            Issue.record("an unknown cause was read")
        } catch {
            #expect(error.description.contains("one of normal, busy, cancelled, noAnswer, unavailable, unknownNumber, refused, failed, restart"))
        }
    }

    @Test func theFoldKeepsTheOpenCallsAndCountsStartsAnswersAndEnds() {
        var calls = ActiveCalls()
        calls.apply(.started(Self.start))
        let other = CallStart(
            callID: "c2", caller: "203", callerTerminal: 5, callerSource: "192.0.2.5:5060", dialled: "201", callee: "201", kind: .internal, at: Self.t0 + 1)
        calls.apply(.started(other))
        #expect(calls.count == 2 && calls.startedTotal == 2)
        calls.apply(.answered(Self.answer))
        #expect(calls.calls[Self.start.callID]?.answer == Self.answer && calls.answeredTotal == 1)
        calls.apply(.ended(Self.end))
        #expect(calls.count == 1 && calls.calls["c2"]?.start == other && calls.endedTotal == 1)

        // What cannot belong to an open call changes nothing: a second start, an answer or an end
        // of a call never started or already ended, a second answer.
        let before = calls
        calls.apply(.started(other))
        calls.apply(.answered(CallAnswer(callID: "ghost", terminal: 1, contact: "x", at: 1)))
        calls.apply(.ended(Self.end))
        calls.apply(.ended(CallEnd(callID: "ghost", cause: .normal, endedBy: .caller, durationMs: 0, terminals: [], at: 1)))
        #expect(calls == before)
        calls.apply(.answered(CallAnswer(callID: "c2", terminal: 6, contact: "first", at: Self.t0 + 2)))
        calls.apply(.answered(CallAnswer(callID: "c2", terminal: 7, contact: "second", at: Self.t0 + 3)))
        #expect(calls.calls["c2"]?.answer?.contact == "first" && calls.answeredTotal == 2)
    }

    @Test func theCallsLeftOpenAreClosedAtTheLastInstantTheRunWasAlive() {
        var calls = ActiveCalls()
        // Answered 10 s after t0; ringing since t0 + 20 s; answered at t0 + 100 s, after the last
        // event the closure is told of.
        calls.apply(.started(Self.start))
        calls.apply(.answered(CallAnswer(callID: Self.start.callID, terminal: 2, contact: "sip:b@192.0.2.2", at: Self.t0 + 10 * Self.second)))
        let ringing = CallStart(
            callID: "b-ringing", caller: nil, callerTerminal: 9, callerSource: "s", dialled: "202", callee: "202", kind: .internal,
            at: Self.t0 + 20 * Self.second)
        calls.apply(.started(ringing))
        let late = CallStart(
            callID: "a-late", caller: "203", callerTerminal: nil, callerSource: "s", dialled: "201", callee: "201", kind: .internal,
            at: Self.t0 + 90 * Self.second)
        calls.apply(.started(late))
        calls.apply(.answered(CallAnswer(callID: "a-late", terminal: nil, contact: "c", at: Self.t0 + 100 * Self.second)))

        let lastAlive = Self.t0 + 70 * Self.second + 250_000
        let ends = calls.restartClosures(lastAlive: lastAlive)
        #expect(ends.map(\.callID) == [Self.start.callID, "b-ringing", "a-late"], "in the order the calls began")
        #expect(ends.allSatisfy { $0.cause == .restart && $0.endedBy == .system })
        #expect(ends[0] == CallEnd(callID: Self.start.callID, cause: .restart, endedBy: .system, durationMs: 60_250, terminals: [1, 2], at: lastAlive))
        #expect(ends[1].durationMs == 0 && ends[1].terminals == [9] && ends[1].at == lastAlive, "never answered")
        #expect(ends[2].at == Self.t0 + 100 * Self.second && ends[2].durationMs == 0, "never before the call's own last fact")

        // Folding the ends leaves nothing open.
        for end in ends { calls.apply(.ended(end)) }
        #expect(calls.count == 0 && calls.endedTotal == 3)
        #expect(calls.restartClosures(lastAlive: lastAlive).isEmpty)
    }
}
