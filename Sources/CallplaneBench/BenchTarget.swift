/// The figure an issue asks for, so the bench says MET or MISSED instead of leaving the
/// comparison to whoever reads the numbers.
enum BenchTarget: CustomStringConvertible {
    /// The (median paired) ratio against the same run's baseline.
    case ratioAtLeast(Double)
    case valueAtLeast(Double)
    case valueAtMost(Double)

    var description: String {
        switch self {
        case .ratioAtLeast(let ratio): "≥ \(ratio)×"
        case .valueAtLeast(let value): "≥ \(value)"
        case .valueAtMost(let value): "≤ \(value)"
        }
    }

    func isMet(by figure: BenchFigure) -> Bool {
        switch self {
        case .ratioAtLeast(let ratio): figure.ratio >= ratio
        case .valueAtLeast(let value): figure.value >= value
        case .valueAtMost(let value): figure.value <= value
        }
    }
}
