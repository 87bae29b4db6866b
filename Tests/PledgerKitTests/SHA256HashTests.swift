import Crypto
import Foundation
import Testing

@testable import PledgerKit

@Suite struct SHA256HashTests {
    /// The known digest of "abc" (FIPS 180-2, appendix B.1).
    static let abcHex = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"

    @Test func digestOfKnownInputMatchesTheStandardsVector() throws {
        #expect(SHA256Hash.digest(of: Array("abc".utf8)).hex == Self.abcHex)
    }

    @Test func hexAndBytesRoundTrip() throws {
        let hash = try #require(SHA256Hash(hex: Self.abcHex))
        #expect(hash.bytes.count == 32)
        #expect(hash.bytes.first == 0xBA && hash.bytes.last == 0xAD)
        #expect(SHA256Hash(bytes: hash.bytes) == hash)
        #expect(hash.bytes.withUnsafeBytes { SHA256Hash(bytes: $0) } == hash)
        #expect(SHA256Hash(hex: Self.abcHex.uppercased()) == hash)
    }

    @Test func malformedInputIsRefused() {
        #expect(SHA256Hash(hex: String(Self.abcHex.dropLast())) == nil)
        #expect(SHA256Hash(hex: String(Self.abcHex.dropLast()) + "g") == nil)
        #expect(SHA256Hash(bytes: [UInt8](repeating: 0, count: 31)) == nil)
        #expect(SHA256Hash(bytes: [UInt8](repeating: 0, count: 33)) == nil)
    }

    @Test func orderIsTheOrderOfTheBytes() throws {
        // Digests that differ in one byte at each position, compared against byte-wise order.
        var hashes: [SHA256Hash] = []
        for position in [0, 7, 8, 15, 16, 31] {
            for value: UInt8 in [0x00, 0x01, 0x80, 0xFF] {
                var bytes = [UInt8](repeating: 0x42, count: 32)
                bytes[position] = value
                hashes.append(try #require(SHA256Hash(bytes: bytes)))
            }
        }
        for lhs in hashes {
            for rhs in hashes {
                #expect((lhs < rhs) == lhs.bytes.lexicographicallyPrecedes(rhs.bytes))
                #expect((lhs == rhs) == (lhs.bytes == rhs.bytes))
            }
        }
    }

    @Test func equalDigestsHashAlike() throws {
        let lhs = try #require(SHA256Hash(hex: Self.abcHex))
        let rhs = SHA256Hash.digest(of: Array("abc".utf8))
        #expect(Set([lhs, rhs]).count == 1)
        #expect(lhs.hashValue == rhs.hashValue)
    }

    @Test func nodeHashIsRFC9162InteriorHash() throws {
        let left = SHA256Hash.digest(of: Array("left".utf8))
        let right = SHA256Hash.digest(of: Array("right".utf8))
        let expected = Array(SHA256.hash(data: [0x01] + left.bytes + right.bytes))
        #expect(MerkleTree.nodeHash(left, right).bytes == expected)
        #expect(MerkleTree.leafHash(Array("leaf".utf8)).bytes == Array(SHA256.hash(data: [0x00] + Array("leaf".utf8))))
    }

    @Test(arguments: 0..<8)
    func everyByteValueIsWrittenAsItsTwoLowerCaseHexDigits(block: Int) throws {
        // Eight digests of 32 bytes each hold every byte value once, each at every offset of a four-byte chunk.
        let bytes = (0..<32).map { UInt8(block * 32 + $0) }
        let hash = try #require(SHA256Hash(bytes: bytes))
        let expected = bytes.map { byte in
            String(decoding: [byte >> 4, byte & 0x0F].map { Array("0123456789abcdef".utf8)[Int($0)] }, as: UTF8.self)
        }.joined()
        #expect(hash.hex == expected)
        #expect(SHA256Hash(hex: hash.hex) == hash)
    }
}
