import AccessControl
import Testing

@Suite struct PasswordHasherTests {
    let hasher = PasswordHasher(cost: ScryptCost(logN: 6))

    @Test func aHashVerifiesItsPasswordOnlyAndCarriesItsCost() async {
        let hash = await hasher.hash("Right-Pass1")
        #expect(hash.hasPrefix("$scrypt$ln=6,r=8,p=1$"))
        #expect(await hasher.verify("Right-Pass1", against: hash))
        #expect(!(await hasher.verify("right-Pass1", against: hash)))
        #expect(!(await hasher.verify("", against: hash)))
    }

    @Test func twoHashesOfOnePasswordDifferBySalt() async {
        let first = await hasher.hash("Same-Pass1")
        let second = await hasher.hash("Same-Pass1")
        #expect(first != second)
        #expect(await hasher.verify("Same-Pass1", against: second))
    }

    @Test(
        "a damaged or foreign encoding never verifies",
        arguments: [
            "", "plain", "$scrypt$ln=6,r=8,p=1$c2FsdA==", "$bcrypt$x$y$z", "$scrypt$ln=40,r=8,p=1$c2FsdHNhbHQ=$aGFzaGhhc2hoYXNoaGFzaA==",
        ])
    func damagedEncodings(encoded: String) async {
        #expect(!(await hasher.verify("Right-Pass1", against: encoded)))
    }

    @Test func aFlippedHashByteFailsVerification() async {
        let hash = await hasher.hash("Right-Pass1")
        // The last 4 base64 characters "xyz=" of a 32-byte hash: replace the first data one.
        let index = hash.index(hash.endIndex, offsetBy: -4)
        let flipped = hash[..<index] + (hash[index] == "A" ? "B" : "A") + hash[hash.index(after: index)...]
        #expect(flipped != hash)
        #expect(!(await hasher.verify("Right-Pass1", against: String(flipped))))
    }

    /// An unknown account name is checked against the decoy, so it must cost what a real hash
    /// costs: the same parameters and a salt and digest of the same lengths (verification then
    /// derives a key of the same size), and it must match nothing.
    @Test func theDecoyIsShapedLikeARealHashAndMatchesNothing() async {
        let real = await hasher.hash("Right-Pass1")
        let decoy = PasswordHasher.decoy(cost: hasher.cost)
        #expect(decoy.split(separator: "$").map(\.count) == real.split(separator: "$").map(\.count))
        #expect(decoy.hasPrefix("$scrypt$ln=6,r=8,p=1$"))
        #expect(decoy != PasswordHasher.decoy(cost: hasher.cost))
        for guess in ["", "Right-Pass1", "password"] {
            #expect(!(await hasher.verify(guess, against: decoy)))
        }
    }
}
