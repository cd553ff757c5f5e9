/// One printed line of the benchmark: a figure, its baseline from the same run, the ratio.
struct BenchFigure {
    var name: String
    var value: Double
    var unit: String
    var baselineName: String
    var baseline: Double
    /// For times, smaller is better: the ratio is baseline / value so > 1 always means "better".
    var smallerIsBetter = false

    /// Per-run ratios, each of a figure and its baseline measured back to back. The disk's speed
    /// drifts between runs here (raw single commits varied 2× within minutes), so the median of
    /// paired ratios says more than the ratio of two medians.
    var pairedRatios: [Double] = []

    /// What the issue asks of the figure; the line says MET or MISSED.
    var target: BenchTarget

    var ratio: Double {
        if !pairedRatios.isEmpty { return median(pairedRatios) }
        return smallerIsBetter ? baseline / value : value / baseline
    }

    func line() -> String {
        func format(_ number: Double) -> String {
            number >= 100 ? String(Int(number.rounded())) : String(format: "%.3f", number)
        }
        let kind = pairedRatios.isEmpty ? "ratio" : "median paired ratio"
        var line = "\(name): \(format(value)) \(unit)   baseline \(baselineName): \(format(baseline)) \(unit)   \(kind) \(String(format: "%.2f", ratio))×"
        line += "   target \(target.description)"
        if let met = target.isMet(by: self) { line += met ? ": MET" : ": MISSED" }
        return line
    }

    /// A figure a smoke pass can trust to have been measured: value, baseline and ratio finite
    /// and above zero. Nil when sane, else what is wrong.
    var insanity: String? {
        for (what, number) in [("value", value), ("baseline", baseline), ("ratio", ratio)] where !(number.isFinite && number > 0) {
            return "\(name): \(what) is \(number)"
        }
        return nil
    }
}

/// `figure[i] / baseline[i]` for each run (or the inverse for times).
func pairs(_ figure: [Double], _ baseline: [Double], smallerIsBetter: Bool = false) -> [Double] {
    zip(figure, baseline).map { smallerIsBetter ? $1 / $0 : $0 / $1 }
}

/// The value below which `fraction` of `values` lie (nearest rank); 0 for none.
func percentile(_ values: [Double], _ fraction: Double) -> Double {
    guard !values.isEmpty else { return 0 }
    let sorted = values.sorted()
    return sorted[min(sorted.count - 1, Int(Double(sorted.count) * fraction))]
}

/// The middle value, or the mean of the two middle ones for an even count (taking the upper
/// one flattered paired ratios, issue 14 point 4); 0 for none.
func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    guard !sorted.isEmpty else { return 0 }
    let middle = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

extension BenchFigure {
    /// A figure and its baseline from per-run measurements taken back to back: the medians, and
    /// the median of the per-run ratios.
    init(
        name: String, runs: [Double], unit: String, baselineName: String, baselineRuns: [Double], smallerIsBetter: Bool = false,
        target: BenchTarget
    ) {
        self.init(
            name: name, value: median(runs), unit: unit, baselineName: baselineName, baseline: median(baselineRuns),
            smallerIsBetter: smallerIsBetter, pairedRatios: pairs(runs, baselineRuns, smallerIsBetter: smallerIsBetter),
            target: target)
    }
}
