import Foundation

/// The parts of an encoded scrypt hash `$scrypt$ln=15,r=8,p=1$<salt>$<hash>`.
struct EncodedHash {
    var cost: ScryptCost
    var salt: [UInt8]
    var hash: [UInt8]

    init?(_ text: String) {
        let parts = text.split(separator: "$", omittingEmptySubsequences: false)
        guard parts.count == 5, parts[0].isEmpty, parts[1] == "scrypt" else { return nil }
        var values: [Substring: Int] = [:]
        for pair in parts[2].split(separator: ",") {
            let halves = pair.split(separator: "=")
            guard halves.count == 2, let value = Int(halves[1]) else { return nil }
            values[halves[0]] = value
        }
        // Bounds keep a tampered hash from asking for gigabytes: N ≤ 2^20, r ≤ 32, p ≤ 16.
        guard let logN = values["ln"], (1...20).contains(logN),
            let r = values["r"], (1...32).contains(r),
            let p = values["p"], (1...16).contains(p),
            let salt = Data(base64Encoded: String(parts[3])), !salt.isEmpty,
            let hash = Data(base64Encoded: String(parts[4])), hash.count >= 16
        else { return nil }
        cost = ScryptCost(logN: logN, blockSize: r, parallelism: p)
        self.salt = Array(salt)
        self.hash = Array(hash)
    }
}
