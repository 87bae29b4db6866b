import Foundation

/// A transparency-log checkpoint in the C2SP tlog-checkpoint format (`c2sp.org/tlog-checkpoint`): the origin,
/// the tree size in decimal and the RFC 9162 root hash in base64, one per line, each ending in a newline.
///
/// A checkpoint is published as the text of a ``SignedNote``.
public struct Checkpoint: Hashable, Sendable {
    /// The log's identity; Pledger uses the signing key's name.
    public let origin: String
    /// The number of entries in the checkpointed tree.
    public let size: UInt64
    /// The Merkle tree head over those entries.
    public let rootHash: SHA256Hash
    /// Optional extension lines after the root hash, without their newlines.
    public let extensions: [String]

    /// Describes the tree of `size` entries with root `rootHash`, logged by `origin`.
    public init(origin: String, size: UInt64, rootHash: SHA256Hash, extensions: [String] = []) {
        self.origin = origin
        self.size = size
        self.rootHash = rootHash
        self.extensions = extensions
    }

    /// Parses a checkpoint body (a signed note's text).
    ///
    /// - Throws: ``PledgerError/invalidInput(_:)`` naming the malformed line.
    public init(body: String) throws(PledgerError) {
        guard body.hasSuffix("\n") else {
            throw PledgerError.invalidInput("a checkpoint's text ends in a newline")
        }
        let lines = body.dropLast().split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard lines.count >= 3 else {
            throw PledgerError.invalidInput("a checkpoint has at least three lines (origin, tree size, root hash); this one has \(lines.count)")
        }
        guard !lines[0].isEmpty else {
            throw PledgerError.invalidInput("the checkpoint's origin line is empty")
        }
        guard let size = UInt64(lines[1]), lines[1] == String(size) else {
            throw PledgerError.invalidInput("the checkpoint's second line '\(lines[1])' is not a tree size in decimal without leading zeros")
        }
        guard let bytes = Data(base64Encoded: lines[2]).map(Array.init), let root = SHA256Hash(bytes: bytes) else {
            throw PledgerError.invalidInput("the checkpoint's third line '\(lines[2])' is not a base64 SHA-256 root hash")
        }
        if let empty = lines.dropFirst(3).firstIndex(where: \.isEmpty) {
            throw PledgerError.invalidInput("line \(empty + 1) of the checkpoint is empty; extension lines must not be")
        }
        self.init(origin: lines[0], size: size, rootHash: root, extensions: Array(lines.dropFirst(3)))
    }

    /// The body: `origin\nsize\nbase64(root)\n` and any extension lines.
    public var body: String {
        ([origin, String(size), Data(rootHash.bytes).base64EncodedString()] + extensions).map { $0 + "\n" }.joined()
    }

    /// Parses a signed checkpoint and checks its signature by `verifier`.
    ///
    /// - Throws: ``PledgerError/invalidInput(_:)`` if the note is malformed, not signed by that key, or its
    ///   origin is not the key's name.
    public static func verified(_ note: String, by verifier: NoteVerifier) throws(PledgerError) -> Checkpoint {
        let text = try SignedNote(parsing: note).verifiedText(by: verifier)
        let checkpoint = try Checkpoint(body: text)
        guard checkpoint.origin == verifier.name else {
            throw PledgerError.invalidInput(
                "the checkpoint's origin is '\(checkpoint.origin)' but the key is '\(verifier.name)'; pass the key of the log that made it")
        }
        return checkpoint
    }

    /// Parses a signed checkpoint without checking any signature — for a log reading its own checkpoints.
    ///
    /// - Throws: ``PledgerError/invalidInput(_:)`` if the note or its text is malformed.
    public static func unverified(_ note: String) throws(PledgerError) -> Checkpoint {
        try Checkpoint(body: SignedNote(parsing: note).text)
    }
}
