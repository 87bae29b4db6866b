import Foundation
import PledgerKit
import Testing

/// RFC 6962 / RFC 9162 Merkle tree hashing and the append-only frontier.
struct MerkleTreeTests {
    /// The standard Certificate Transparency test leaves (transparency-dev/merkle `testonly.LeafInputs`).
    private static let referenceLeaves: [[UInt8]] = [
        [],
        [0x00],
        [0x10],
        [0x20, 0x21],
        [0x30, 0x31],
        [0x40, 0x41, 0x42, 0x43],
        [0x50, 0x51, 0x52, 0x53, 0x54, 0x55, 0x56, 0x57],
        [0x60, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6A, 0x6B, 0x6C, 0x6D, 0x6E, 0x6F],
    ]

    /// The root for each prefix of ``referenceLeaves``, by size 0...8 (transparency-dev/merkle `testonly.RootHashes`).
    private static let referenceRoots = [
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    ]

    private static var referenceLeafHashes: [SHA256Hash] {
        referenceLeaves.map { MerkleTree.leafHash($0) }
    }

    /// The RFC 9162 definition, recursively, as an independent check on the iterative implementation.
    private static func recursiveRoot(_ hashes: ArraySlice<SHA256Hash>) -> SHA256Hash {
        switch hashes.count {
        case 0: return MerkleTree.emptyRoot
        case 1: return hashes[hashes.startIndex]
        default:
            var split = 1
            while split * 2 < hashes.count {
                split *= 2
            }
            let middle = hashes.startIndex + split
            return MerkleTree.nodeHash(recursiveRoot(hashes[..<middle]), recursiveRoot(hashes[middle...]))
        }
    }

    /// Deterministic pseudo-random leaf hashes (SplitMix64), so a failure reproduces.
    private static func randomLeafHashes(count: Int, seed: UInt64) -> [SHA256Hash] {
        var state = seed
        return (0..<count).map { _ in
            var bytes: [UInt8] = []
            for _ in 0...(state % 4) {
                state &+= 0x9E37_79B9_7F4A_7C15
                var mixed = state
                mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
                mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
                mixed ^= mixed >> 31
                withUnsafeBytes(of: mixed) { bytes.append(contentsOf: $0) }
            }
            return MerkleTree.leafHash(bytes)
        }
    }

    // MARK: Hashes

    @Test func leafAndNodeHashesUseTheRFCPrefixes() throws {
        #expect(MerkleTree.leafHash([UInt8]()).hex == Self.referenceRoots[1])
        let hashes = Self.referenceLeafHashes
        #expect(MerkleTree.nodeHash(hashes[0], hashes[1]).hex == Self.referenceRoots[2])
        #expect(MerkleTree.leafHash(Data([0x00])).hex == "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7")
    }

    @Test func emptyTreeRootIsTheHashOfTheEmptyString() {
        #expect(MerkleTree.root(ofLeafHashes: []).hex == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(MerkleFrontier().root == MerkleTree.root(ofLeafHashes: []))
    }

    @Test(arguments: 0...8)
    func rootsMatchTheCertificateTransparencyReference(size: Int) {
        let hashes = Array(Self.referenceLeafHashes.prefix(size))
        #expect(MerkleTree.root(ofLeafHashes: hashes).hex == Self.referenceRoots[size])
        var frontier = MerkleFrontier()
        for hash in hashes {
            frontier.append(leafHash: hash)
        }
        #expect(frontier.root.hex == Self.referenceRoots[size])
    }

    @Test func frontierHoldsTheReferenceCompactRanges() throws {
        // transparency-dev/merkle testonly.CompactTrees: the perfect-subtree roots after each append.
        let expected: [[String]] = [
            [],
            ["6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d"],
            ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"],
            ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
             "0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7"],
            ["d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"],
            ["d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
             "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"],
            ["d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
             "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a"],
            ["d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
             "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
             "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f"],
            ["5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"],
        ]
        var frontier = MerkleFrontier()
        #expect(frontier.subtreeRoots.map(\.hex) == expected[0])
        for (index, hash) in Self.referenceLeafHashes.enumerated() {
            frontier.append(leafHash: hash)
            #expect(frontier.size == UInt64(index + 1))
            #expect(frontier.subtreeRoots.map(\.hex) == expected[index + 1], "size \(index + 1)")
        }
    }

    // MARK: Shapes beyond the reference data

    @Test(arguments: [3, 5, 6, 7, 9, 13, 100, 1000, 1023, 1025])
    func nonPowerOfTwoSizesSplitAtTheLargestPowerOfTwo(size: Int) {
        let hashes = Self.randomLeafHashes(count: size, seed: UInt64(size))
        #expect(MerkleTree.root(ofLeafHashes: hashes) == Self.recursiveRoot(hashes[...]))
    }

    @Test func nonPowerOfTwoRootIsNotTheMidpointSplit() {
        // Size 5 splits 4 + 1; a midpoint split (2 + 3 or 3 + 2) would give a different, non-interoperable root.
        let h = Self.randomLeafHashes(count: 5, seed: 5)
        let rfc = MerkleTree.nodeHash(
            MerkleTree.nodeHash(MerkleTree.nodeHash(h[0], h[1]), MerkleTree.nodeHash(h[2], h[3])), h[4])
        #expect(MerkleTree.root(ofLeafHashes: h) == rfc)
        let midpoint = MerkleTree.nodeHash(
            MerkleTree.nodeHash(h[0], h[1]), MerkleTree.nodeHash(h[2], MerkleTree.nodeHash(h[3], h[4])))
        #expect(MerkleTree.root(ofLeafHashes: h) != midpoint)
    }

    @Test func frontierAgreesWithTreeRootForEverySizeUpTo100() {
        let hashes = Self.randomLeafHashes(count: 100, seed: 0x5EED)
        var frontier = MerkleFrontier()
        #expect(frontier.root == MerkleTree.root(ofLeafHashes: []))
        for size in 1...100 {
            frontier.append(leafHash: hashes[size - 1])
            #expect(frontier.size == UInt64(size))
            #expect(frontier.subtreeRoots.count == size.nonzeroBitCount)
            #expect(frontier.root == MerkleTree.root(ofLeafHashes: Array(hashes[..<size])), "size \(size)")
        }
    }

    @Test func largeOddSizedTreeMatchesItsFrontier() {
        let leaf = MerkleTree.leafHash([UInt8(1)])
        let count = (1 << 17) + 3
        let hashes = [SHA256Hash](repeating: leaf, count: count)
        var frontier = MerkleFrontier()
        for hash in hashes {
            frontier.append(leafHash: hash)
        }
        #expect(frontier.subtreeRoots.count == count.nonzeroBitCount)
        #expect(frontier.root == MerkleTree.root(ofLeafHashes: hashes))
    }

    // MARK: Serialization

    @Test func frontierSerializationRoundTrips() throws {
        var frontier = MerkleFrontier()
        let empty = try MerkleFrontier(size: 0, serialized: frontier.serialized)
        #expect(empty == frontier)
        #expect(frontier.serialized.isEmpty)
        for hash in Self.randomLeafHashes(count: 45, seed: 45) {
            frontier.append(leafHash: hash)
            let restored = try MerkleFrontier(size: frontier.size, serialized: frontier.serialized)
            #expect(restored == frontier)
            #expect(restored.root == frontier.root)
            #expect(frontier.serialized.count == 32 * frontier.size.nonzeroBitCount)
        }
        // A restored frontier keeps growing like the original.
        var restored = try MerkleFrontier(size: frontier.size, serialized: Data(frontier.serialized))
        let next = MerkleTree.leafHash([UInt8(0xFF)])
        restored.append(leafHash: next)
        frontier.append(leafHash: next)
        #expect(restored == frontier)
    }

    @Test func frontierRejectsABlobOfTheWrongLength() throws {
        var frontier = MerkleFrontier()
        for hash in Self.randomLeafHashes(count: 5, seed: 7) {
            frontier.append(leafHash: hash)
        }
        let blob = frontier.serialized  // 5 = 0b101: two hashes.
        #expect(blob.count == 64)

        #expect(throws: MerkleFrontierError(size: 5, expectedByteCount: 64, actualByteCount: 32)) {
            try MerkleFrontier(size: 5, serialized: blob.prefix(32))
        }
        #expect(throws: MerkleFrontierError(size: 5, expectedByteCount: 64, actualByteCount: 63)) {
            try MerkleFrontier(size: 5, serialized: blob.dropLast())
        }
        #expect(throws: MerkleFrontierError(size: 6, expectedByteCount: 64, actualByteCount: 96)) {
            try MerkleFrontier(size: 6, serialized: blob + blob.prefix(32))
        }
        // Right length for a different size is also refused: 7 = 0b111 needs three hashes.
        let error = try #require(throws: MerkleFrontierError.self) { try MerkleFrontier(size: 7, serialized: blob) }
        #expect(error.description == "a Merkle frontier for 7 leaves must hold 3 hashes (96 bytes), but the stored one has 64 bytes")
    }
}
