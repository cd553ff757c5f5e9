import _CryptoExtras
import Crypto
import Foundation
import NIOPosix

/// scrypt password hashes (swift-crypto) with a random 16-byte salt per hash, encoded as
/// `$scrypt$ln=15,r=8,p=1$<salt>$<hash>` (base64), the form PHC-style tools use.
///
/// Hashing is deliberately slow, so it never runs on the cooperative thread pool: ``hash(_:)``
/// and ``verify(_:against:)`` hand the work to an `NIOThreadPool` of its own with
/// `concurrentHashes` threads. Work beyond that waits in the pool's queue — not on a blocked
/// thread per login, as a semaphore in a concurrent queue would — so a flood of logins costs
/// neither threads nor more than `concurrentHashes` × 32 MiB of scrypt memory.
public final class PasswordHasher: Sendable {
    public let cost: ScryptCost
    private let pool: NIOThreadPool

    public init(cost: ScryptCost = .standard, concurrentHashes: Int = ProcessInfo.processInfo.activeProcessorCount) {
        self.cost = cost
        pool = NIOThreadPool(numberOfThreads: max(1, concurrentHashes))
        pool.start()
    }

    deinit {
        pool.shutdownGracefully { _ in }
    }

    /// The encoded hash of `password` with a fresh salt.
    public func hash(_ password: String) async -> String {
        let cost = self.cost
        return await offload { Self.encode(password: password, salt: Self.randomSalt(), cost: cost) }
    }

    /// Whether `password` matches `encoded`; `false` for an encoding this build cannot read.
    public func verify(_ password: String, against encoded: String) async -> Bool {
        await offload { Self.matches(password, encoded) }
    }

    /// The synchronous form, for benchmarks and tests that measure the hash itself.
    public static func matches(_ password: String, _ encoded: String) -> Bool {
        guard let parsed = EncodedHash(encoded) else { return false }
        guard let derived = try? derive(password, salt: parsed.salt, cost: parsed.cost, length: parsed.hash.count) else { return false }
        return constantTimeEqual(derived, parsed.hash)
    }

    public static func encode(password: String, salt: [UInt8], cost: ScryptCost) -> String {
        let derived: [UInt8]
        do {
            derived = try derive(password, salt: salt, cost: cost, length: 32)
        } catch {
            // scrypt only fails for parameters out of its range, which ScryptCost's values are not.
            preconditionFailure("scrypt failed for \(cost): \(error)")
        }
        return format(cost: cost, salt: salt, derived: derived)
    }

    /// A hash of no password, to verify against when the account does not exist: checking it
    /// derives a key exactly as a real one does (same cost, a salt of the same length), so the
    /// time spent gives nothing away, but making it derives nothing. Its digest is 32 random
    /// bytes, which a derivation matches with probability 2⁻²⁵⁶. Computing the decoy with scrypt
    /// at start cost every start a whole hash (≈ 130 ms here) before `/ready`.
    public static func decoy(cost: ScryptCost) -> String {
        format(cost: cost, salt: randomSalt(), derived: SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) })
    }

    private static func format(cost: ScryptCost, salt: [UInt8], derived: [UInt8]) -> String {
        "$scrypt$ln=\(cost.logN),r=\(cost.blockSize),p=\(cost.parallelism)$\(Data(salt).base64EncodedString())$\(Data(derived).base64EncodedString())"
    }

    static func randomSalt() -> [UInt8] {
        SymmetricKey(size: SymmetricKeySize(bitCount: 128)).withUnsafeBytes { Array($0) }
    }

    private static func derive(_ password: String, salt: [UInt8], cost: ScryptCost, length: Int) throws -> [UInt8] {
        let key = try KDF.Scrypt.deriveKey(
            from: Array(password.utf8), salt: salt, outputByteCount: length,
            rounds: 1 << cost.logN, blockSize: cost.blockSize, parallelism: cost.parallelism
        )
        return key.withUnsafeBytes { Array($0) }
    }

    private static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices { difference |= a[index] ^ b[index] }
        return difference == 0
    }

    private func offload<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        do {
            return try await pool.runIfActive(work)
        } catch {
            // Only a pool that was shut down refuses work, and only `deinit` shuts it down, which
            // cannot run while a caller holds `self`.
            preconditionFailure("the password-hashing pool refused work: \(error)")
        }
    }
}
