import Foundation

/// An offline-checkable proof that one entry is in the log, in the C2SP tlog-proof format
/// (`c2sp.org/tlog-proof`), stored in `.tlog-proof` files:
///
/// ```
/// c2sp.org/tlog-proof@v1
/// index 3
/// <base64 sibling hash, from the leaf's neighbour up to the root's child, one per line>
///
/// <signed checkpoint, verbatim>
/// ```
public struct TLogProof: Hashable, Sendable {
    /// The entry's index in the log.
    public let index: UInt64
    /// The RFC 9162 inclusion proof in the checkpointed tree.
    public let inclusionProof: [SHA256Hash]
    /// The signed checkpoint, as a complete signed note.
    public let checkpointNote: String
    /// Unauthenticated extra data, if any.
    public let extra: [UInt8]?

    /// The first line of every proof.
    public static let header = "c2sp.org/tlog-proof@v1"

    /// Wraps the parts of a proof.
    public init(index: UInt64, inclusionProof: [SHA256Hash], checkpointNote: String, extra: [UInt8]? = nil) {
        self.index = index
        self.inclusionProof = inclusionProof
        self.checkpointNote = checkpointNote
        self.extra = extra
    }

    /// Parses a `.tlog-proof` file's text.
    ///
    /// - Throws: ``PledgerError/invalidInput(_:)`` naming the malformed line.
    public init(parsing text: String) throws(PledgerError) {
        guard let blank = text.range(of: "\n\n") else {
            throw PledgerError.invalidInput("not a tlog-proof: expected the proof lines, a blank line, then the signed checkpoint")
        }
        var lines = text[..<blank.lowerBound].split(separator: "\n", omittingEmptySubsequences: false).map(String.init)[...]
        guard lines.popFirst() == Self.header else {
            throw PledgerError.invalidInput("not a tlog-proof: the first line must be \(Self.header)")
        }
        var extra: [UInt8]?
        if let line = lines.first, line.hasPrefix("extra ") {
            guard let bytes = Data(base64Encoded: String(line.dropFirst(6))) else {
                throw PledgerError.invalidInput("the proof's extra line is not base64")
            }
            extra = Array(bytes)
            lines = lines.dropFirst()
        }
        guard let indexLine = lines.popFirst(), indexLine.hasPrefix("index "),
            let index = UInt64(indexLine.dropFirst(6)), String(index) == indexLine.dropFirst(6)
        else {
            throw PledgerError.invalidInput("the proof has no 'index N' line (a decimal without leading zeros) after its header")
        }
        var hashes: [SHA256Hash] = []
        for line in lines {
            guard let bytes = Data(base64Encoded: line).map(Array.init), let hash = SHA256Hash(bytes: bytes) else {
                throw PledgerError.invalidInput("the proof line '\(line)' is not a base64 SHA-256 hash")
            }
            hashes.append(hash)
        }
        self.init(
            index: index, inclusionProof: hashes, checkpointNote: String(text[blank.upperBound...]), extra: extra)
    }

    /// The proof as written to a `.tlog-proof` file.
    public var serialized: String {
        var lines = [Self.header]
        if let extra {
            lines.append("extra \(Data(extra).base64EncodedString())")
        }
        lines.append("index \(index)")
        lines += inclusionProof.map { Data($0.bytes).base64EncodedString() }
        return lines.map { $0 + "\n" }.joined() + "\n" + checkpointNote
    }

    /// Checks, without any database, that `entryBody` — an entry's canonical bytes, one line of
    /// `pledger export` without its newline — is entry ``index`` of the log whose checkpoint `verifier` signed.
    ///
    /// - Returns: the verified checkpoint.
    /// - Throws: ``PledgerError/invalidInput(_:)`` for a bad signature, an entry whose own `index` differs, or
    ///   a proof that does not lead to the checkpoint's root.
    @discardableResult
    public func verify(entryBody: [UInt8], by verifier: NoteVerifier) throws(PledgerError) -> Checkpoint {
        let checkpoint = try Checkpoint.verified(checkpointNote, by: verifier)
        let entry: LedgerEntry
        do {
            entry = try LedgerEntry(body: entryBody)
        } catch {
            throw PledgerError.invalidInput("the entry is not a Pledger entry: \(error); pass one line of `pledger export`")
        }
        guard UInt64(entry.index) == index else {
            throw PledgerError.invalidInput("the entry says it is entry \(entry.index) but the proof is for entry \(index)")
        }
        do {
            try MerkleProof.verifyInclusion(
                inclusionProof, index: index, size: checkpoint.size, leafHash: entry.leafHash, root: checkpoint.rootHash)
        } catch {
            throw PledgerError.invalidInput("entry \(index) is not proven in the checkpoint of \(checkpoint.size) entries: \(error)")
        }
        return checkpoint
    }
}
