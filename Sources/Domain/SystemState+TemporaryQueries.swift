// Stand-in until the Domain implementation lands; removed at merge.
extension SystemState {
    public func user(_ number: String) -> User? { users[number] }
    public func terminal(id: Int) -> Terminal? { terminals[String(id)] }
    public func terminals(ofUser number: String) -> [Terminal] { terminals.values.filter { $0.userNumber == number } }
    public func usage(of limit: CapacityLimit) -> Int? { nil }
    public func version(ofStream stream: String) -> Int64 { streamVersions[stream] ?? 0 }
}
