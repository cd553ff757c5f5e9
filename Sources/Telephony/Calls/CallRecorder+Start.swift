import Domain

extension CallRecorder {
    /// Records a call's start from the value the B2BUA keeps for the call.
    func record(_ start: CallStart) {
        started(
            callID: start.callID, caller: start.caller, callerTerminal: start.callerTerminal, callerSource: start.callerSource,
            dialled: start.dialled, callee: start.callee, kind: start.kind, at: start.at)
    }
}
