/// Counts the RTP packets of one sender that never arrived, from gaps in its 16-bit sequence
/// numbers (RFC 3550 §6.4.1, Appendix A.1's idea without the probation): a jump forward by less
/// than ``maxDropout`` counts the missing ones; a late packet that fills a gap takes one back;
/// a larger jump is a restarted sender and counts nothing.
struct RTPSequenceTracker {
    static let maxDropout = 3000

    private var highest: UInt16?
    private(set) var lost = 0

    mutating func note(_ sequence: UInt16) {
        guard let highest else {
            self.highest = sequence
            return
        }
        let delta = Int(Int16(bitPattern: sequence &- highest))
        if delta > 0, delta < Self.maxDropout {
            lost += delta - 1
            self.highest = sequence
        } else if delta < 0, delta > -Self.maxDropout {
            if lost > 0 { lost -= 1 }
        } else if delta != 0 {
            self.highest = sequence
        }
    }
}
