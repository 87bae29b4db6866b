import Crypto
import Foundation

/// RFC 9162 (Certificate Transparency 2.0) section 2.1 Merkle tree hashing with SHA-256.
public enum MerkleTree {
    /// The root of the empty tree: SHA-256 of the empty string.
    public static let emptyRoot: SHA256Hash = SHA256Hash.digest(of: [UInt8]())

    /// The hash of a leaf: SHA-256(0x00 ‖ `leaf`).
    public static func leafHash(_ leaf: some DataProtocol) -> SHA256Hash {
        var hasher = SHA256()
        hasher.update(data: [0x00] as [UInt8])
        hasher.update(data: leaf)
        return SHA256Hash(hasher.finalize())
    }

    /// The hash of an interior node: SHA-256(0x01 ‖ `left` ‖ `right`).
    public static func nodeHash(_ left: SHA256Hash, _ right: SHA256Hash) -> SHA256Hash {
        var hasher = SHA256()
        hasher.update(data: [0x01] as [UInt8])
        left.withUnsafeBytes { hasher.update(bufferPointer: $0) }
        right.withUnsafeBytes { hasher.update(bufferPointer: $0) }
        return SHA256Hash(hasher.finalize())
    }

    /// The Merkle tree hash (MTH) of the leaves whose hashes are `leafHashes`, in order.
    ///
    /// The empty tree's root is ``emptyRoot``. Computed bottom-up, level by level, without recursion: pairing
    /// neighbours and carrying an unpaired last node up unchanged yields exactly RFC 9162's split at the largest
    /// power of two below the size. Linear time, one copy of the input in memory.
    public static func root(ofLeafHashes leafHashes: [SHA256Hash]) -> SHA256Hash {
        guard !leafHashes.isEmpty else { return emptyRoot }
        var level = leafHashes
        while level.count > 1 {
            var read = 0
            var write = 0
            while read + 1 < level.count {
                level[write] = nodeHash(level[read], level[read + 1])
                read += 2
                write += 1
            }
            if read < level.count {
                level[write] = level[read]
                write += 1
            }
            level.removeLast(level.count - write)
        }
        return level[0]
    }
}

/// The compact range of an append-only Merkle tree: the roots of its perfect subtrees, left to right.
///
/// A tree of `size` leaves decomposes into one perfect subtree per set bit of `size`, largest first, so the
/// frontier holds `size.nonzeroBitCount` hashes (at most 64, at most log2(size)+1). That is enough to append a leaf
/// in O(log n) and to compute the root without the leaves.
public struct MerkleFrontier: Sendable, Hashable {
    /// The number of leaves appended so far.
    public private(set) var size: UInt64
    /// The roots of the perfect subtrees, largest (leftmost) first; one for each set bit of ``size``.
    public private(set) var subtreeRoots: [SHA256Hash]

    /// The frontier of the empty tree.
    public init() {
        size = 0
        subtreeRoots = []
    }

    /// Appends the leaf whose hash is `leafHash` (see ``MerkleTree/leafHash(_:)``), merging the perfect subtrees
    /// that become siblings.
    public mutating func append(leafHash: SHA256Hash) {
        appendReportingMerges(leafHash: leafHash) { _ in }
    }

    /// Appends a leaf like ``append(leafHash:)``, passing each perfect subtree the append completes — level 1
    /// upwards — to `merged`, so that a store can keep every interior node of the tree.
    public mutating func appendReportingMerges(leafHash: SHA256Hash, _ merged: (MerkleNode) throws -> Void) rethrows {
        var node = leafHash
        var remaining = size
        var level = 0
        while remaining & 1 == 1, let left = subtreeRoots.popLast() {
            node = MerkleTree.nodeHash(left, node)
            remaining >>= 1
            level += 1
            try merged(MerkleNode(level: level, index: size >> UInt64(level), hash: node))
        }
        subtreeRoots.append(node)
        size += 1
    }

    /// The Merkle tree hash of all appended leaves; equal to ``MerkleTree/root(ofLeafHashes:)`` over the same
    /// leaf hashes.
    public var root: SHA256Hash {
        guard var accumulator = subtreeRoots.last else { return MerkleTree.emptyRoot }
        for left in subtreeRoots.dropLast().reversed() {
            accumulator = MerkleTree.nodeHash(left, accumulator)
        }
        return accumulator
    }

    /// The subtree roots concatenated, 32 bytes each, for storing beside ``size`` (which it does not include).
    public var serialized: [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(subtreeRoots.count * Self.hashLength)
        for hash in subtreeRoots {
            hash.withUnsafeBytes { bytes.append(contentsOf: $0) }
        }
        return bytes
    }

    /// Restores a frontier from its ``size`` and ``serialized`` bytes.
    ///
    /// - Throws: ``MerkleFrontierError`` unless `serialized` holds exactly one 32-byte hash per set bit of `size`.
    public init(size: UInt64, serialized: some Collection<UInt8>) throws(MerkleFrontierError) {
        let bytes = Array(serialized)
        let expected = size.nonzeroBitCount
        let wrongLength = MerkleFrontierError(
            size: size, expectedByteCount: expected * Self.hashLength, actualByteCount: bytes.count)
        guard bytes.count == expected * Self.hashLength else {
            throw wrongLength
        }
        var roots: [SHA256Hash] = []
        roots.reserveCapacity(expected)
        for start in stride(from: 0, to: bytes.count, by: Self.hashLength) {
            guard let hash = SHA256Hash(bytes: bytes[start..<start + Self.hashLength]) else {
                throw wrongLength
            }
            roots.append(hash)
        }
        self.size = size
        subtreeRoots = roots
    }

    private static let hashLength = 32
}

/// The root of a perfect subtree: `2^level` leaves starting at leaf `index × 2^level`.
public struct MerkleNode: Hashable, Sendable {
    /// The height above the leaves; a leaf is level 0.
    public let level: Int
    /// The subtree's position among the subtrees of its level, from 0.
    public let index: UInt64
    /// RFC 9162 `MTH` of the subtree's leaves.
    public let hash: SHA256Hash

    /// Describes the subtree of `2^level` leaves starting at leaf `index << level`.
    public init(level: Int, index: UInt64, hash: SHA256Hash) {
        self.level = level
        self.index = index
        self.hash = hash
    }
}

/// A stored Merkle frontier whose length does not match its tree size.
public struct MerkleFrontierError: Error, CustomStringConvertible, Equatable {
    /// The tree size the frontier was restored for.
    public let size: UInt64
    /// 32 bytes per set bit of ``size``.
    public let expectedByteCount: Int
    /// The length of the stored bytes.
    public let actualByteCount: Int

    /// Describes a frontier of `actualByteCount` bytes where `expectedByteCount` were needed for `size` leaves.
    public init(size: UInt64, expectedByteCount: Int, actualByteCount: Int) {
        self.size = size
        self.expectedByteCount = expectedByteCount
        self.actualByteCount = actualByteCount
    }

    /// For example "a Merkle frontier for 5 leaves must hold 2 hashes (64 bytes), but the stored one has 96 bytes".
    public var description: String {
        let hashes = expectedByteCount / 32
        return "a Merkle frontier for \(size) leaves must hold \(hashes) hash\(hashes == 1 ? "" : "es") "
            + "(\(expectedByteCount) bytes), but the stored one has \(actualByteCount) bytes"
    }
}
