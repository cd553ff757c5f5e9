import Domain
import Testing

@Suite("SecretBox")
struct SecretBoxTests {
    @Test("seal then open gives the plaintext back; each seal is different")
    func roundTrip() throws {
        let box = try SecretBox(key: SecretBox.generateKey())
        let first = box.seal("s3cret pass")
        let second = box.seal("s3cret pass")
        #expect(first.text.hasPrefix("v1:"))
        #expect(first != second)
        #expect(try box.open(first) == "s3cret pass")
        #expect(try box.open(second) == "s3cret pass")
        #expect(try box.open(box.seal("")) == "")
        // 12-byte nonce + 11-byte ciphertext + 16-byte tag = 39 bytes = 52 base64 characters.
        #expect(first.text.count == 3 + 52)
    }

    @Test("generated keys are 32 bytes and differ")
    func keys() {
        let a = SecretBox.generateKey(), b = SecretBox.generateKey()
        #expect(a.count == 32)
        #expect(a != b)
    }

    @Test("a key that is not 32 bytes is refused with a clear message")
    func keyLength() {
        for count in [0, 16, 31, 33] {
            do {
                _ = try SecretBox(key: Array(repeating: 1, count: count))
                Issue.record("accepted a \(count)-byte key")
            } catch let error as SecretBoxError {
                #expect(error == .invalidKeyLength(count))
                #expect(error.description.contains("32 bytes"))
            } catch {
                Issue.record("unexpected error \(error)")
            }
        }
    }

    @Test("the wrong key fails")
    func wrongKey() throws {
        let sealed = try SecretBox(key: Array(repeating: 1, count: 32)).seal("password")
        let other = try SecretBox(key: Array(repeating: 2, count: 32))
        #expect(throws: SecretBoxError.authenticationFailed) { try other.open(sealed) }
    }

    @Test("tampered text fails")
    func tampered() throws {
        let box = try SecretBox(key: Array(repeating: 1, count: 32))
        let sealed = box.seal("password")
        var characters = Array(sealed.text)
        let index = characters.count - 10
        characters[index] = characters[index] == "A" ? "B" : "A"
        #expect(throws: SecretBoxError.authenticationFailed) { try box.open(SealedSecret(text: String(characters))) }
        #expect(throws: SecretBoxError.unsupportedFormat) { try box.open(SealedSecret(text: "v2:" + sealed.text.dropFirst(3))) }
        #expect(throws: SecretBoxError.malformed) { try box.open(SealedSecret(text: "v1:%%%")) }
        #expect(throws: SecretBoxError.malformed) { try box.open(SealedSecret(text: "v1:AAAA")) }
    }
}
