/// What an issue asks of a figure — a threshold and its direction — so the bench says MET or
/// MISSED instead of leaving the comparison to whoever reads the numbers, and `--enforce` can
/// fail on a miss (issue 14, point 1). Every figure declares one; a figure no issue sets a
/// threshold for says so with ``informational``.
enum BenchTarget: CustomStringConvertible {
    /// The (median paired) ratio against the same run's baseline.
    case ratioAtLeast(Double)
    case valueAtLeast(Double)
    case valueAtMost(Double)
    case valueWithin(ClosedRange<Double>)
    /// Printed for context (a second view of a figure that has a target, or a cost breakdown).
    case informational

    var description: String {
        switch self {
        case .ratioAtLeast(let ratio): "ratio ≥ \(Self.format(ratio))×"
        case .valueAtLeast(let value): "≥ \(Self.format(value))"
        case .valueAtMost(let value): "≤ \(Self.format(value))"
        case .valueWithin(let range): "\(Self.format(range.lowerBound))–\(Self.format(range.upperBound))"
        case .informational: "none (informational)"
        }
    }

    /// Nil for an informational figure: there is nothing to meet.
    func isMet(by figure: BenchFigure) -> Bool? {
        switch self {
        case .ratioAtLeast(let ratio): figure.ratio >= ratio
        case .valueAtLeast(let value): figure.value >= value
        case .valueAtMost(let value): figure.value <= value
        case .valueWithin(let range): range.contains(figure.value)
        case .informational: nil
        }
    }

    private static func format(_ number: Double) -> String {
        number == number.rounded() && abs(number) < 1e15 ? String(Int(number)) : String(number)
    }
}
