/// Payload of `checkpoint.recorded`: a signed checkpoint of the tree as it stood *before* this entry.
///
/// The entry cannot checkpoint a tree that includes itself, since its own bytes would have to contain the root
/// they change; so a checkpoint recorded as entry `n` always covers entries `0 ..< n` (`treeSize` = n).
public struct CheckpointRecorded: Hashable, Sendable, Codable {
    /// The checkpoint's origin line, which is the signing key's name.
    public var origin: String
    /// The number of entries checkpointed: the index of this entry.
    public var treeSize: Int
    /// The root hash over those entries.
    public var rootHash: SHA256Hash
    /// The verifier key (`name+keyid+base64`) whose signature the note carries.
    public var verifierKey: String
    /// The complete signed note: checkpoint text, blank line, signature line.
    public var note: String

    /// Creates the payload.
    public init(origin: String, treeSize: Int, rootHash: SHA256Hash, verifierKey: String, note: String) {
        self.origin = origin
        self.treeSize = treeSize
        self.rootHash = rootHash
        self.verifierKey = verifierKey
        self.note = note
    }
}

extension CheckpointRecorded {
    /// What is wrong with the signed note, or `nil` when it verifies with its own recorded key and states
    /// this payload's size, root and origin: what `verify` and `import` both check of a recorded checkpoint.
    func noteProblem() -> String? {
        let checkpoint: Checkpoint
        do {
            checkpoint = try Checkpoint.verified(note, by: try NoteVerifier(encoded: verifierKey))
        } catch {
            return "\(error)"
        }
        guard checkpoint.size == UInt64(exactly: treeSize), checkpoint.rootHash == rootHash, checkpoint.origin == origin else {
            return "its signed note does not state its payload's size, root and origin"
        }
        return nil
    }
}
