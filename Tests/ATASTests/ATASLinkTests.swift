import Testing

@testable import ATAS

@Suite("The ATAS link's state machine (docs/atas.md: logon, cycle signal, logoff)")
struct ATASLinkTests {
    let second: Int64 = 1_000_000

    @Test("a logon raises 'Connection established' once; a logoff raises 'Connection lost' with cause 0")
    func logonAndLogoff() {
        var link = ATASLink()
        #expect(link.loggedOn(at: 0, cycleSeconds: 10) == [.raiseEstablished])
        #expect(link.state == .connected(deadline: 15 * second))
        #expect(link.loggedOff() == [.raiseLost(cause: 0)])
        #expect(link.state == .down)
        #expect(link.loggedOff() == [], "a second logoff raises nothing")
    }

    @Test("the cycle signal moves the deadline; one and a half intervals without it close the link with cause 1")
    func missingCycleSignal() {
        var link = ATASLink()
        _ = link.loggedOn(at: 0, cycleSeconds: 10)
        link.cycled(at: 10 * second, cycleSeconds: 10)
        #expect(link.tick(at: 24 * second) == [], "due at 25 s")
        #expect(link.tick(at: 25 * second) == [.close, .raiseLost(cause: 1)])
        #expect(link.state == .down)
        #expect(link.tick(at: 60 * second) == [])
    }

    @Test("a broken connection is lost only when its cycle signal would have been overdue; a logon before that raises nothing")
    func brokenConnection() {
        var link = ATASLink()
        _ = link.loggedOn(at: 0, cycleSeconds: 10)
        link.connectionClosed()
        #expect(link.state == .broken(deadline: 15 * second))
        #expect(link.tick(at: 5 * second) == [])
        #expect(link.loggedOn(at: 6 * second, cycleSeconds: 10) == [], "a reconnect within the interval is no new link")
        link.connectionClosed()
        #expect(link.tick(at: 20 * second) == [])
        #expect(link.tick(at: 21 * second) == [.raiseLost(cause: 1)], "closed from the second logon's deadline, 6 s + 15 s")
        #expect(link.loggedOn(at: 30 * second, cycleSeconds: 10) == [.raiseEstablished])
    }
}
