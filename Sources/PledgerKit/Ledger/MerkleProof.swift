/// RFC 9162 §2.1.3 inclusion proofs and §2.1.4 consistency proofs: generation and verification.
///
/// Generation reads hashes of *perfect, aligned* subtrees only — the subtree of `2^level` leaves starting at
/// leaf `index × 2^level` — through a lookup the caller supplies, such as a table of stored node hashes. A proof
/// touches O(log n) such subtrees, so it costs O(log n) lookups however large the tree is.
public enum MerkleProof {
    /// Looks up the hash of the perfect subtree of `2^level` leaves that starts at leaf `index << level`.
    /// Level 0 is a leaf hash.
    public typealias SubtreeLookup = (_ level: Int, _ index: UInt64) throws -> SHA256Hash

    // MARK: - Generation

    /// The inclusion proof (RFC 9162 `PATH(m, D[n])`) for leaf `index` in the tree of the first `size` leaves:
    /// sibling hashes from the leaf's neighbour up to the child of the root.
    ///
    /// - Throws: ``MerkleProofError`` when `index` is not below `size`, or whatever `subtree` throws.
    public static func inclusionProof(index: UInt64, size: UInt64, subtree: SubtreeLookup) throws -> [SHA256Hash] {
        guard index < size else {
            throw MerkleProofError("leaf \(index) is not in a tree of \(size) leaves")
        }
        var path: [SHA256Hash] = []
        try appendPath(leaf: index, start: 0, count: size, subtree: subtree, into: &path)
        return path
    }

    /// The consistency proof (RFC 9162 `PROOF(m, D[n])`) that the tree of the first `newSize` leaves extends
    /// the tree of the first `oldSize`. Empty when `oldSize` is 0 or equals `newSize`.
    ///
    /// - Throws: ``MerkleProofError`` when `oldSize` exceeds `newSize`, or whatever `subtree` throws.
    public static func consistencyProof(oldSize: UInt64, newSize: UInt64, subtree: SubtreeLookup) throws -> [SHA256Hash] {
        guard oldSize <= newSize else {
            throw MerkleProofError("a tree of \(newSize) leaves cannot extend one of \(oldSize)")
        }
        guard oldSize > 0, oldSize < newSize else { return [] }
        var proof: [SHA256Hash] = []
        try appendSubproof(oldCount: oldSize, start: 0, count: newSize, isWholeOldTree: true, subtree: subtree, into: &proof)
        return proof
    }

    /// The Merkle tree hash of leaves `start ..< start + count` where `start` is a multiple of the largest power
    /// of two below `count` (true of every range RFC 9162's recursions visit): RFC 9162 `MTH`, split at the
    /// largest power of two smaller than `count`.
    public static func rangeHash(start: UInt64, count: UInt64, subtree: SubtreeLookup) throws -> SHA256Hash {
        guard count > 0 else { return MerkleTree.emptyRoot }
        if count & (count - 1) == 0, start % count == 0 {
            return try subtree(count.trailingZeroBitCount, start >> UInt64(count.trailingZeroBitCount))
        }
        let split = largestPowerOfTwo(below: count)
        return MerkleTree.nodeHash(
            try rangeHash(start: start, count: split, subtree: subtree),
            try rangeHash(start: start + split, count: count - split, subtree: subtree))
    }

    /// A lookup over leaf hashes held in memory, for tests and small trees: O(2^level) per call.
    public static func lookup(inLeafHashes leafHashes: [SHA256Hash]) -> SubtreeLookup {
        { level, index in
            let start = Int(index) << level
            let end = start + (1 << level)
            guard start >= 0, end <= leafHashes.count else {
                throw MerkleProofError("subtree \(index) at level \(level) lies beyond the \(leafHashes.count) leaves")
            }
            return MerkleTree.root(ofLeafHashes: Array(leafHashes[start..<end]))
        }
    }

    private static func appendPath(
        leaf: UInt64, start: UInt64, count: UInt64, subtree: SubtreeLookup, into path: inout [SHA256Hash]
    ) throws {
        guard count > 1 else { return }
        let split = largestPowerOfTwo(below: count)
        if leaf < split {
            try appendPath(leaf: leaf, start: start, count: split, subtree: subtree, into: &path)
            path.append(try rangeHash(start: start + split, count: count - split, subtree: subtree))
        } else {
            try appendPath(leaf: leaf - split, start: start + split, count: count - split, subtree: subtree, into: &path)
            path.append(try rangeHash(start: start, count: split, subtree: subtree))
        }
    }

    private static func appendSubproof(
        oldCount: UInt64, start: UInt64, count: UInt64, isWholeOldTree: Bool, subtree: SubtreeLookup,
        into proof: inout [SHA256Hash]
    ) throws {
        if oldCount == count {
            if !isWholeOldTree {
                proof.append(try rangeHash(start: start, count: count, subtree: subtree))
            }
            return
        }
        let split = largestPowerOfTwo(below: count)
        if oldCount <= split {
            try appendSubproof(
                oldCount: oldCount, start: start, count: split, isWholeOldTree: isWholeOldTree, subtree: subtree, into: &proof)
            proof.append(try rangeHash(start: start + split, count: count - split, subtree: subtree))
        } else {
            try appendSubproof(
                oldCount: oldCount - split, start: start + split, count: count - split, isWholeOldTree: false,
                subtree: subtree, into: &proof)
            proof.append(try rangeHash(start: start, count: split, subtree: subtree))
        }
    }

    /// The largest power of two strictly smaller than `count` (which must be at least 2).
    static func largestPowerOfTwo(below count: UInt64) -> UInt64 {
        UInt64(1) << UInt64(63 - (count - 1).leadingZeroBitCount)
    }

    // MARK: - Verification

    /// The root that `proof` gives for leaf `index` of a tree of `size` leaves whose leaf hash is `leafHash`
    /// (RFC 9162 §2.1.3.2).
    ///
    /// - Throws: ``MerkleProofError`` when `index` is not below `size` or the proof has the wrong length.
    public static func root(
        fromInclusionProof proof: [SHA256Hash], index: UInt64, size: UInt64, leafHash: SHA256Hash
    ) throws(MerkleProofError) -> SHA256Hash {
        guard index < size else {
            throw MerkleProofError("leaf \(index) is not in a tree of \(size) leaves")
        }
        var fn = index
        var sn = size - 1
        var result = leafHash
        for sibling in proof {
            guard sn > 0 else {
                throw MerkleProofError("the inclusion proof has \(proof.count) hashes, more than a tree of \(size) leaves needs")
            }
            if fn & 1 == 1 || fn == sn {
                result = MerkleTree.nodeHash(sibling, result)
                while fn & 1 == 0, fn != 0 {
                    fn >>= 1
                    sn >>= 1
                }
            } else {
                result = MerkleTree.nodeHash(result, sibling)
            }
            fn >>= 1
            sn >>= 1
        }
        guard sn == 0 else {
            throw MerkleProofError("the inclusion proof has \(proof.count) hashes, fewer than a tree of \(size) leaves needs")
        }
        return result
    }

    /// Checks that `proof` shows leaf `index`, whose hash is `leafHash`, in the tree of `size` leaves with root
    /// `root`.
    ///
    /// - Throws: ``MerkleProofError`` saying what did not match.
    public static func verifyInclusion(
        _ proof: [SHA256Hash], index: UInt64, size: UInt64, leafHash: SHA256Hash, root: SHA256Hash
    ) throws(MerkleProofError) {
        let computed = try self.root(fromInclusionProof: proof, index: index, size: size, leafHash: leafHash)
        guard computed == root else {
            throw MerkleProofError(
                "the inclusion proof for leaf \(index) gives root \(computed.hex), not the checkpoint's \(root.hex)")
        }
    }

    /// Checks that `proof` shows the tree of `newSize` leaves with root `newRoot` extends the tree of `oldSize`
    /// leaves with root `oldRoot` (RFC 9162 §2.1.4.2). Any tree extends the empty one.
    ///
    /// - Throws: ``MerkleProofError`` saying what did not match.
    public static func verifyConsistency(
        _ proof: [SHA256Hash], oldSize: UInt64, newSize: UInt64, oldRoot: SHA256Hash, newRoot: SHA256Hash
    ) throws(MerkleProofError) {
        guard oldSize <= newSize else {
            throw MerkleProofError("a tree of \(newSize) leaves cannot extend one of \(oldSize): the log shrank")
        }
        if oldSize == newSize {
            guard proof.isEmpty else {
                throw MerkleProofError("a consistency proof between equal sizes must be empty, but has \(proof.count) hashes")
            }
            guard oldRoot == newRoot else {
                throw MerkleProofError("both trees have \(oldSize) leaves but roots \(oldRoot.hex) and \(newRoot.hex)")
            }
            return
        }
        if oldSize == 0 {
            guard proof.isEmpty else {
                throw MerkleProofError("a consistency proof from the empty tree must be empty, but has \(proof.count) hashes")
            }
            return
        }
        var path = proof
        if oldSize & (oldSize - 1) == 0 {
            path.insert(oldRoot, at: 0)
        }
        guard let first = path.first else {
            throw MerkleProofError("the consistency proof from \(oldSize) to \(newSize) leaves is empty")
        }
        var fn = oldSize - 1
        var sn = newSize - 1
        while fn & 1 == 1 {
            fn >>= 1
            sn >>= 1
        }
        var oldResult = first
        var newResult = first
        for hash in path.dropFirst() {
            guard sn > 0 else {
                throw MerkleProofError("the consistency proof has more hashes than a tree of \(newSize) leaves needs")
            }
            if fn & 1 == 1 || fn == sn {
                oldResult = MerkleTree.nodeHash(hash, oldResult)
                newResult = MerkleTree.nodeHash(hash, newResult)
                while fn & 1 == 0, fn != 0 {
                    fn >>= 1
                    sn >>= 1
                }
            } else {
                newResult = MerkleTree.nodeHash(newResult, hash)
            }
            fn >>= 1
            sn >>= 1
        }
        guard sn == 0 else {
            throw MerkleProofError("the consistency proof has fewer hashes than a tree of \(newSize) leaves needs")
        }
        guard oldResult == oldRoot else {
            throw MerkleProofError(
                "the first \(oldSize) leaves now have root \(oldResult.hex), not the checkpointed \(oldRoot.hex): the log was rewritten")
        }
        guard newResult == newRoot else {
            throw MerkleProofError("the consistency proof gives root \(newResult.hex) for \(newSize) leaves, not \(newRoot.hex)")
        }
    }
}

/// A Merkle proof that does not check out, or cannot be made.
public struct MerkleProofError: Error, CustomStringConvertible, Equatable, Sendable {
    /// What did not match.
    public let description: String

    /// Describes the failure.
    public init(_ description: String) {
        self.description = description
    }
}
