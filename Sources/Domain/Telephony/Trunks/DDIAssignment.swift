/// One row of the DDI plan (issue 16, point 2; manual Tab. 13 "Direct dialling plans", "Total DDI
/// numbers"): an incoming call to `ddi` — a number, or a range `first-last` of one length —
/// rings `user`.
public struct DDIAssignment: Sendable, Hashable, Codable {
    public var ddi: String
    public var user: String

    public init(ddi: String, user: String) {
        self.ddi = ddi
        self.user = user
    }
}
