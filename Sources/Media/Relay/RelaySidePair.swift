/// One value for each side of a relayed call. The relay reads its per-side state for every
/// packet (25,000 a second at 250 calls, issue 16 point 3), where a dictionary keyed by
/// ``RelaySide`` hashed the key and searched its table each time; two stored values indexed by
/// a switch cost nothing of that.
struct RelaySidePair<Value> {
    var caller: Value
    var callee: Value

    init(caller: Value, callee: Value) {
        self.caller = caller
        self.callee = callee
    }

    /// The same value on both sides.
    init(repeating value: Value) {
        self.init(caller: value, callee: value)
    }

    subscript(side: RelaySide) -> Value {
        get { side == .caller ? caller : callee }
        _modify {
            switch side {
            case .caller: yield &caller
            case .callee: yield &callee
            }
        }
    }
}

extension RelaySidePair {
    /// `nil` on both sides.
    init<Wrapped>() where Value == Wrapped? {
        self.init(caller: nil, callee: nil)
    }
}
