import Foundation

/// An RFC 9162 §2.1.4 consistency proof between two sizes of the log, with the roots it connects.
///
/// Written as text, one item per line:
///
/// ```
/// old <size> <base64 root>
/// new <size> <base64 root>
/// <base64 hash>
/// …
/// ```
public struct ConsistencyProof: Hashable, Sendable {
    /// The earlier tree's size.
    public let oldSize: UInt64
    /// The earlier tree's root.
    public let oldRoot: SHA256Hash
    /// The later tree's size.
    public let newSize: UInt64
    /// The later tree's root.
    public let newRoot: SHA256Hash
    /// The proof's hashes, in RFC 9162 order.
    public let hashes: [SHA256Hash]

    /// Wraps a proof.
    public init(oldSize: UInt64, oldRoot: SHA256Hash, newSize: UInt64, newRoot: SHA256Hash, hashes: [SHA256Hash]) {
        self.oldSize = oldSize
        self.oldRoot = oldRoot
        self.newSize = newSize
        self.newRoot = newRoot
        self.hashes = hashes
    }

    /// Checks that the hashes connect the two roots.
    ///
    /// - Throws: ``MerkleProofError`` saying what did not match.
    public func verify() throws(MerkleProofError) {
        try MerkleProof.verifyConsistency(hashes, oldSize: oldSize, newSize: newSize, oldRoot: oldRoot, newRoot: newRoot)
    }

    /// The text form described above, each line ending in a newline.
    public var serialized: String {
        let lines = [
            "old \(oldSize) \(Data(oldRoot.bytes).base64EncodedString())",
            "new \(newSize) \(Data(newRoot.bytes).base64EncodedString())",
        ] + hashes.map { Data($0.bytes).base64EncodedString() }
        return lines.map { $0 + "\n" }.joined()
    }
}
