/// Why an address was put on the DoS black list: the `cause` parameter of manual Tab. 24's
/// "IP address added to the DoS black list".
public enum DoSBlockCause: Int, Sendable, Hashable, CaseIterable, Codable {
    case registration = 0
    case tooManyTransactions = 1
    case noSession = 2
    case modifiedMessage = 3
}
