/// One printed line of the benchmark: a figure, its baseline from the same run, the ratio.
struct BenchFigure {
    var name: String
    var value: Double
    var unit: String
    var baselineName: String
    var baseline: Double
    /// For times, smaller is better: the ratio is baseline / value so > 1 always means "better".
    var smallerIsBetter = false

    var ratio: Double { smallerIsBetter ? baseline / value : value / baseline }

    func line() -> String {
        func format(_ number: Double) -> String {
            number >= 100 ? String(Int(number.rounded())) : String(format: "%.3f", number)
        }
        return "\(name): \(format(value)) \(unit)   baseline \(baselineName): \(format(baseline)) \(unit)   ratio \(String(format: "%.2f", ratio))×"
    }
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted.isEmpty ? 0 : sorted[sorted.count / 2]
}
