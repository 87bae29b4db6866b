import PledgerKit
import Testing

/// RFC 9162 proofs, checked against the test vectors of transparency-dev/merkle (`proof/verify_test.go`), which
/// come from the RFC 6962 reference implementation: eight leaves, their roots at sizes 1–8, and known proofs.
@Suite struct MerkleProofTests {
    private static func hash(_ hex: String) -> SHA256Hash {
        SHA256Hash(hex: hex) ?? MerkleTree.emptyRoot
    }

    private static let leafData: [[UInt8]] = [
        [], [0x00], [0x10], [0x20, 0x21], [0x30, 0x31], [0x40, 0x41, 0x42, 0x43],
        [0x50, 0x51, 0x52, 0x53, 0x54, 0x55, 0x56, 0x57],
        [0x60, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6a, 0x6b, 0x6c, 0x6d, 0x6e, 0x6f],
    ]
    private static let leaves = leafData.map { MerkleTree.leafHash($0) }

    private static let roots = [
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    ].map(hash)

    /// (leaf index, tree size, proof).
    private static let inclusionVectors: [(UInt64, UInt64, [SHA256Hash])] = [
        (0, 1, []),
        (0, 8, [
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ].map(hash)),
        (5, 8, [
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ].map(hash)),
        (2, 3, ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"].map(hash)),
        (1, 5, [
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        ].map(hash)),
    ]

    /// (old size, new size, proof).
    private static let consistencyVectors: [(UInt64, UInt64, [SHA256Hash])] = [
        (1, 1, []),
        (1, 8, [
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ].map(hash)),
        (6, 8, [
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ].map(hash)),
        (2, 5, [
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        ].map(hash)),
        (6, 7, [
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ].map(hash)),
    ]

    private static func flipped(_ hash: SHA256Hash) -> SHA256Hash {
        var bytes = hash.bytes
        bytes[0] ^= 0x08
        return SHA256Hash(bytes: bytes) ?? hash
    }

    @Test func rootsOfTheTestVectorTreesMatch() {
        for size in 1...8 {
            #expect(MerkleTree.root(ofLeafHashes: Array(Self.leaves.prefix(size))) == Self.roots[size - 1], "size \(size)")
        }
    }

    @Test func inclusionProofsMatchTheTestVectors() throws {
        for (index, size, expected) in Self.inclusionVectors {
            let lookup = MerkleProof.lookup(inLeafHashes: Array(Self.leaves.prefix(Int(size))))
            let proof = try MerkleProof.inclusionProof(index: index, size: size, subtree: lookup)
            #expect(proof == expected, "leaf \(index) of \(size)")
            try MerkleProof.verifyInclusion(expected, index: index, size: size, leafHash: Self.leaves[Int(index)], root: Self.roots[Int(size) - 1])
        }
    }

    @Test func consistencyProofsMatchTheTestVectors() throws {
        for (oldSize, newSize, expected) in Self.consistencyVectors {
            let lookup = MerkleProof.lookup(inLeafHashes: Array(Self.leaves.prefix(Int(newSize))))
            let proof = try MerkleProof.consistencyProof(oldSize: oldSize, newSize: newSize, subtree: lookup)
            #expect(proof == expected, "\(oldSize) → \(newSize)")
            try MerkleProof.verifyConsistency(
                expected, oldSize: oldSize, newSize: newSize, oldRoot: Self.roots[Int(oldSize) - 1], newRoot: Self.roots[Int(newSize) - 1])
        }
    }

    @Test func everyInclusionProofOfSizesOneToEightVerifiesAndFailsWithAnyHashFlipped() throws {
        for size in 1...8 {
            let lookup = MerkleProof.lookup(inLeafHashes: Array(Self.leaves.prefix(size)))
            let root = Self.roots[size - 1]
            for index in 0..<size {
                let proof = try MerkleProof.inclusionProof(index: UInt64(index), size: UInt64(size), subtree: lookup)
                try MerkleProof.verifyInclusion(proof, index: UInt64(index), size: UInt64(size), leafHash: Self.leaves[index], root: root)
                for position in proof.indices {
                    var bad = proof
                    bad[position] = Self.flipped(bad[position])
                    #expect(throws: MerkleProofError.self, "leaf \(index) of \(size), hash \(position) flipped") {
                        try MerkleProof.verifyInclusion(bad, index: UInt64(index), size: UInt64(size), leafHash: Self.leaves[index], root: root)
                    }
                }
                #expect(throws: MerkleProofError.self) {
                    try MerkleProof.verifyInclusion(proof, index: UInt64(index), size: UInt64(size), leafHash: Self.flipped(Self.leaves[index]), root: root)
                }
                #expect(throws: MerkleProofError.self) {
                    try MerkleProof.verifyInclusion(proof + [root], index: UInt64(index), size: UInt64(size), leafHash: Self.leaves[index], root: root)
                }
                if size > 1 {
                    #expect(throws: MerkleProofError.self) {
                        try MerkleProof.verifyInclusion(proof, index: UInt64((index + 1) % size), size: UInt64(size), leafHash: Self.leaves[index], root: root)
                    }
                }
            }
        }
    }

    @Test func everyConsistencyProofOfSizesOneToEightVerifiesAndFailsWithAnyHashFlipped() throws {
        for newSize in 1...8 {
            let lookup = MerkleProof.lookup(inLeafHashes: Array(Self.leaves.prefix(newSize)))
            for oldSize in 1...newSize {
                let proof = try MerkleProof.consistencyProof(oldSize: UInt64(oldSize), newSize: UInt64(newSize), subtree: lookup)
                let oldRoot = Self.roots[oldSize - 1]
                let newRoot = Self.roots[newSize - 1]
                try MerkleProof.verifyConsistency(proof, oldSize: UInt64(oldSize), newSize: UInt64(newSize), oldRoot: oldRoot, newRoot: newRoot)
                for position in proof.indices {
                    var bad = proof
                    bad[position] = Self.flipped(bad[position])
                    #expect(throws: MerkleProofError.self, "\(oldSize) → \(newSize), hash \(position) flipped") {
                        try MerkleProof.verifyConsistency(bad, oldSize: UInt64(oldSize), newSize: UInt64(newSize), oldRoot: oldRoot, newRoot: newRoot)
                    }
                }
                #expect(throws: MerkleProofError.self, "\(oldSize) → \(newSize), old root flipped") {
                    try MerkleProof.verifyConsistency(proof, oldSize: UInt64(oldSize), newSize: UInt64(newSize), oldRoot: Self.flipped(oldRoot), newRoot: newRoot)
                }
                #expect(throws: MerkleProofError.self, "\(oldSize) → \(newSize), new root flipped") {
                    try MerkleProof.verifyConsistency(proof, oldSize: UInt64(oldSize), newSize: UInt64(newSize), oldRoot: oldRoot, newRoot: Self.flipped(newRoot))
                }
            }
        }
    }

    @Test func aTreeCannotShrinkOrClaimAProofBetweenEqualSizes() {
        let root = Self.roots[3]
        #expect(throws: MerkleProofError.self) {
            try MerkleProof.verifyConsistency([], oldSize: 5, newSize: 4, oldRoot: root, newRoot: root)
        }
        #expect(throws: MerkleProofError.self) {
            try MerkleProof.verifyConsistency([root], oldSize: 4, newSize: 4, oldRoot: root, newRoot: root)
        }
        #expect(throws: MerkleProofError.self) {
            try MerkleProof.inclusionProof(index: 4, size: 4, subtree: MerkleProof.lookup(inLeafHashes: Self.leaves))
        }
    }

    @Test func storedNodesFromTheFrontierAreThePerfectSubtrees() {
        var frontier = MerkleFrontier()
        var nodes: [MerkleNode] = []
        for leaf in Self.leaves {
            frontier.appendReportingMerges(leafHash: leaf) { nodes.append($0) }
        }
        #expect(nodes.count == 7)
        let lookup = MerkleProof.lookup(inLeafHashes: Self.leaves)
        for node in nodes {
            #expect((try? lookup(node.level, node.index)) == node.hash, "level \(node.level) index \(node.index)")
        }
        #expect(nodes.last?.hash == Self.roots[7])
    }
}
