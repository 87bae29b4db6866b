import Foundation
import GRDB

// MARK: - Checkpoints and proofs

extension LedgerStore {
    /// Signs a checkpoint of the tree as it stands now and records it as a `checkpoint.recorded` entry.
    ///
    /// The checkpoint covers the entries *before* the one recording it: an entry cannot commit to a root that its
    /// own bytes change. So recording a checkpoint at size n appends entry n and the ledger then holds n + 1.
    /// - Returns: the signed note, as recorded and as it should be published.
    public func recordCheckpoint(signer: NoteSigner) throws -> SignedNote {
        try write { db in
            let head = try LedgerHead.fetch(db)
            let checkpoint = Checkpoint(origin: signer.verifier.name, size: UInt64(head.size), rootHash: head.rootHash)
            let note = try signer.sign(checkpoint.body)
            try append(
                .checkpointRecorded(CheckpointRecorded(
                    origin: checkpoint.origin, treeSize: head.size, rootHash: head.rootHash,
                    verifierKey: signer.verifier.encoded, note: note.serialized)),
                in: db)
            return note
        }
    }

    /// The signed note of the most recently recorded checkpoint, or `nil` if the ledger has none.
    public func latestCheckpointNote() throws -> String? {
        try read { db in
            try String.fetchOne(db, sql: "SELECT note FROM checkpoint ORDER BY entry_seq DESC LIMIT 1")
        }
    }

    /// The index of the entry that `reference` names: an entry index such as `12`, or the ref of what an entry
    /// created — `S1` (its first version), `C1`, `E1`, `A1`.
    ///
    /// - Throws: ``PledgerError/invalidInput(_:)`` for a malformed reference, ``PledgerError/notFound(_:)`` for
    ///   one the ledger does not hold.
    public func entryIndex(of reference: String) throws -> Int {
        let text = reference.trimmingCharacters(in: .whitespaces)
        if let index = Int(text), index >= 0 {
            return try read { db in
                let size = try LedgerHead.fetch(db).size
                guard index < size else {
                    throw PledgerError.notFound("there is no entry \(index); the ledger holds entries 0 to \(size - 1)")
                }
                return index
            }
        }
        let tables: [Character: (table: String, noun: String, sql: String)] = [
            "S": ("source", "source", "SELECT entry_seq FROM source_version WHERE source_id = ? ORDER BY version LIMIT 1"),
            "C": ("commitment", "commitment", "SELECT entry_seq FROM commitment WHERE id = ?"),
            "E": ("evidence", "evidence", "SELECT entry_seq FROM evidence WHERE id = ?"),
            "A": ("assessment", "assessment", "SELECT entry_seq FROM assessment WHERE id = ?"),
        ]
        guard let letter = text.uppercased().first, let lookup = tables[letter],
            let number = Int(text.dropFirst()), number > 0
        else {
            throw PledgerError.invalidInput(
                "'\(reference)' names no entry; pass an entry index (0, 1, …) or a ref such as S1, C1, E1 or A1")
        }
        return try read { db in
            guard let seq = try Int.fetchOne(db, sql: lookup.sql, arguments: [number]) else {
                throw PledgerError.notFound("there is no \(lookup.noun) \(letter)\(number); `pledger list` shows the refs")
            }
            return seq
        }
    }

    /// A `.tlog-proof` that entry `index` is in the checkpointed tree.
    ///
    /// - Parameter checkpointNote: a signed checkpoint of this ledger; `nil` for the latest recorded one.
    /// - Throws: ``PledgerError`` if there is no checkpoint, the entry is not in it, or the checkpoint's root is
    ///   not this ledger's root at that size.
    public func inclusionProof(forEntry index: Int, checkpointNote: String? = nil) throws -> TLogProof {
        guard let note = try checkpointNote ?? latestCheckpointNote() else {
            throw PledgerError.notFound("the ledger has no checkpoint yet; run `pledger checkpoint` first, or pass --checkpoint FILE")
        }
        let checkpoint = try Checkpoint.unverified(note)
        return try read { db in
            try Self.requireMatchingRoot(checkpoint, db)
            guard index >= 0, UInt64(index) < checkpoint.size else {
                throw PledgerError.invalidInput(
                    "entry \(index) is not in the checkpoint of \(checkpoint.size) entries; run `pledger checkpoint` to sign a newer tree")
            }
            let hashes = try MerkleProof.inclusionProof(
                index: UInt64(index), size: checkpoint.size, subtree: Self.subtreeLookup(db))
            return TLogProof(index: UInt64(index), inclusionProof: hashes, checkpointNote: note)
        }
    }

    /// The consistency proof from the checkpoint `oldNote` to `newNote`, or to the current tree when `newNote`
    /// is `nil`.
    ///
    /// - Throws: ``PledgerError`` if a checkpoint is malformed, larger than the ledger, or has a root this ledger
    ///   does not have at its size — that is, the log was rewritten since.
    public func consistencyProof(from oldNote: String, to newNote: String? = nil) throws -> ConsistencyProof {
        let old = try Checkpoint.unverified(oldNote)
        let new = try newNote.map(Checkpoint.unverified)
        return try read { db in
            let head = try LedgerHead.fetch(db)
            let newSize = new?.size ?? UInt64(head.size)
            let newRoot = new?.rootHash ?? head.rootHash
            guard old.size <= newSize else {
                throw PledgerError.invalidInput("the old checkpoint has \(old.size) entries, more than the new one's \(newSize); swap them")
            }
            try Self.requireMatchingRoot(old, db)
            if let new {
                try Self.requireMatchingRoot(new, db)
            }
            let hashes = try MerkleProof.consistencyProof(oldSize: old.size, newSize: newSize, subtree: Self.subtreeLookup(db))
            return ConsistencyProof(oldSize: old.size, oldRoot: old.rootHash, newSize: newSize, newRoot: newRoot, hashes: hashes)
        }
    }

    /// Checks that `checkpointNote` is signed by `verifier` and that the current log extends it: an RFC 9162
    /// consistency proof from the checkpointed tree to the current head, built from the stored tree nodes.
    ///
    /// Costs O(log n) reads. It checks the tree, not the entry rows against it; `verify()` does that.
    /// - Returns: the checkpoint and the current head.
    /// - Throws: ``PledgerError/invalidInput(_:)`` for a bad signature, ``PledgerError/conflict(_:)`` when the
    ///   log does not extend the checkpoint.
    public func verifyExtends(checkpointNote: String, verifier: NoteVerifier) throws -> (Checkpoint, LedgerHead) {
        let checkpoint = try Checkpoint.verified(checkpointNote, by: verifier)
        return try read { db in
            let head = try LedgerHead.fetch(db)
            guard checkpoint.size <= UInt64(head.size) else {
                throw PledgerError.conflict(
                    "the checkpoint covers \(checkpoint.size) entries but the ledger holds only \(head.size): entries were removed, or this is another ledger")
            }
            let hashes = try MerkleProof.consistencyProof(
                oldSize: checkpoint.size, newSize: UInt64(head.size), subtree: Self.subtreeLookup(db))
            do {
                try MerkleProof.verifyConsistency(
                    hashes, oldSize: checkpoint.size, newSize: UInt64(head.size), oldRoot: checkpoint.rootHash,
                    newRoot: head.rootHash)
            } catch {
                throw PledgerError.conflict("the ledger does not extend the checkpoint of \(checkpoint.size) entries: \(error)")
            }
            return (checkpoint, head)
        }
    }

    /// The root hash of the tree of the first `size` entries, from the stored nodes in O(log n) reads.
    public func rootHash(atSize size: Int) throws -> SHA256Hash {
        try read { db in
            let current = try LedgerHead.fetch(db).size
            guard (0...current).contains(size) else {
                throw PledgerError.invalidInput("the ledger holds \(current) entries; pass a size from 0 to \(current)")
            }
            return try MerkleProof.rangeHash(start: 0, count: UInt64(size), subtree: Self.subtreeLookup(db))
        }
    }
}

// MARK: - Tree nodes

extension LedgerStore {
    /// Stores one interior node; called from `record(_:after:in:)` as the frontier merges.
    static func saveTreeNode(_ node: MerkleNode, in db: Database) throws {
        let statement = try db.cachedStatement(sql: "INSERT INTO merkle_node (level, idx, hash) VALUES (?, ?, ?)")
        try statement.execute(arguments: [node.level, Int64(node.index), Data(node.hash.bytes)])
    }

    /// Fills `merkle_node` from the leaf hashes of a ledger recorded before the table existed.
    static func backfillTreeNodes(in db: Database) throws {
        var frontier = MerkleFrontier()
        let leaves = try Data.fetchCursor(db, sql: "SELECT leaf_hash FROM entry ORDER BY seq")
        while let data = try leaves.next() {
            guard let leaf = SHA256Hash(bytes: data) else {
                throw PledgerError.ledgerUnavailable(
                    "entry \(frontier.size) has a damaged leaf hash, so its tree nodes cannot be stored; run `pledger verify`")
            }
            try frontier.appendReportingMerges(leafHash: leaf) { try saveTreeNode($0, in: db) }
        }
    }

    /// Reads perfect-subtree hashes: leaves from `entry`, interior nodes from `merkle_node`.
    static func subtreeLookup(_ db: Database) -> MerkleProof.SubtreeLookup {
        { level, index in
            let data: Data?
            if level == 0 {
                data = try Data.fetchOne(
                    db.cachedStatement(sql: "SELECT leaf_hash FROM entry WHERE seq = ?"), arguments: [Int64(index)])
            } else {
                data = try Data.fetchOne(
                    db.cachedStatement(sql: "SELECT hash FROM merkle_node WHERE level = ? AND idx = ?"),
                    arguments: [level, Int64(index)])
            }
            guard let data, let hash = SHA256Hash(bytes: data) else {
                throw PledgerError.ledgerUnavailable(
                    "the stored tree lacks the node at level \(level), index \(index); run `pledger verify` for details")
            }
            return hash
        }
    }

    /// Throws unless this ledger's root at the checkpoint's size is the checkpoint's root.
    private static func requireMatchingRoot(_ checkpoint: Checkpoint, _ db: Database) throws {
        let size = try LedgerHead.fetch(db).size
        guard checkpoint.size <= UInt64(size) else {
            throw PledgerError.conflict(
                "the checkpoint covers \(checkpoint.size) entries but the ledger holds only \(size); it is from another ledger, or entries were removed")
        }
        let root = try MerkleProof.rangeHash(start: 0, count: checkpoint.size, subtree: subtreeLookup(db))
        guard root == checkpoint.rootHash else {
            throw PledgerError.conflict(
                "this ledger's first \(checkpoint.size) entries have root \(root.hex), not the checkpoint's \(checkpoint.rootHash.hex): the log was rewritten since, or the checkpoint is another ledger's")
        }
    }
}

// MARK: - Verification

extension LedgerStore {
    /// Recomputes every interior node from the leaf hashes and compares it with `merkle_node`.
    static func checkTreeNodes(leafHashes: [SHA256Hash], _ db: Database) throws -> [VerificationProblem] {
        var expected: [NodeKey: SHA256Hash] = [:]
        var frontier = MerkleFrontier()
        for leaf in leafHashes {
            frontier.appendReportingMerges(leafHash: leaf) { expected[NodeKey(level: $0.level, index: Int64($0.index))] = $0.hash }
        }
        var problems: [VerificationProblem] = []
        var seen = Set<NodeKey>()
        let rows = try Row.fetchCursor(db, sql: "SELECT level, idx, hash FROM merkle_node ORDER BY level, idx")
        while let row = try rows.next() {
            guard let level = Int.fromDatabaseValue(row["level"]), let index = Int64.fromDatabaseValue(row["idx"]) else {
                problems.append(VerificationProblem(
                    location: "table merkle_node, row level=\(row["level"] as DatabaseValue) idx=\(row["idx"] as DatabaseValue)",
                    message: "is not a node position"))
                continue
            }
            let key = NodeKey(level: level, index: index)
            let location = "table merkle_node, row level=\(key.level) idx=\(key.index)"
            seen.insert(key)
            guard let want = expected[key] else {
                problems.append(VerificationProblem(location: location, message: "is not a node of the tree over the log"))
                continue
            }
            let stored = Data.fromDatabaseValue(row["hash"]).flatMap { SHA256Hash(bytes: $0) }
            if stored != want {
                problems.append(VerificationProblem(
                    location: location, message: "hash \(stored?.hex ?? "(unreadable)") differs from the recomputed \(want.hex)"))
            }
        }
        for key in expected.keys.sorted() where !seen.contains(key) {
            problems.append(VerificationProblem(
                location: "table merkle_node, row level=\(key.level) idx=\(key.index)", message: "is missing, though the log gives it"))
        }
        return problems
    }

    /// Checks each recorded checkpoint: its note parses, is signed by its recorded verifier key, and states the
    /// tree size and root the log really had before that entry.
    static func checkRecordedCheckpoints(leafHashes: [SHA256Hash], _ db: Database) throws -> [VerificationProblem] {
        let bodies = try Data.fetchAll(db, sql: "SELECT body FROM entry WHERE kind = ? ORDER BY seq", arguments: [EntryKind.checkpointRecorded.rawValue])
        var problems: [VerificationProblem] = []
        var frontier = MerkleFrontier()
        for body in bodies {
            guard let entry = try? LedgerEntry(body: Array(body)), case .checkpointRecorded(let recorded) = entry.event else {
                continue  // reported by the entry checks
            }
            let location = "entry \(entry.index) (checkpoint)"
            // The frontier follows the checkpoint entries' own positions, which only grow, rather than the sizes
            // they claim: a bogus size neither traps nor throws off the checks of later checkpoints.
            while frontier.size < UInt64(clamping: min(entry.index, leafHashes.count)) {
                frontier.append(leafHash: leafHashes[Int(frontier.size)])
            }
            if let problem = recorded.noteProblem() {
                problems.append(VerificationProblem(location: location, message: problem))
            }
            if recorded.treeSize != entry.index {
                problems.append(VerificationProblem(
                    location: location, message: "checkpoints \(recorded.treeSize) entries but must cover the \(entry.index) before it"))
            } else if let contradiction = rootContradiction(of: recorded, logRoot: frontier.root) {
                problems.append(VerificationProblem(location: location, message: contradiction))
            }
        }
        return problems
    }

    /// Checks the checkpoints the `checkpoint` table holds — which outlive entries cut from the log — against
    /// the log's leaves: one whose signed note verifies (see ``CheckpointRecorded/noteProblem()``) but covers
    /// more entries than the log holds, or signs another root than the log's at its size, shows that the log
    /// was cut or rewritten after it was signed. A row whose note does not verify witnesses nothing, and a
    /// rebuild replaces it with what the log records.
    static func checkCheckpointRows(leafHashes: [SHA256Hash], _ db: Database) throws -> [VerificationProblem] {
        let rows = try Row.fetchAll(
            db, sql: "SELECT entry_seq, origin, tree_size, root_hash, verifier_key, note FROM checkpoint ORDER BY tree_size, entry_seq")
        var problems: [VerificationProblem] = []
        var frontier = MerkleFrontier()
        for row in rows {
            guard let recorded = checkpointRecorded(in: row), recorded.noteProblem() == nil else { continue }
            let location = "checkpoint recorded as entry \(row["entry_seq"] as DatabaseValue)"
            guard recorded.treeSize <= leafHashes.count else {
                problems.append(VerificationProblem(
                    location: location,
                    message: "signs \(Wording.entries(recorded.treeSize)), but the log holds only \(leafHashes.count): entries were cut from it"))
                continue
            }
            while frontier.size < UInt64(recorded.treeSize) {
                frontier.append(leafHash: leafHashes[Int(frontier.size)])
            }
            if let contradiction = rootContradiction(of: recorded, logRoot: frontier.root) {
                problems.append(VerificationProblem(location: location, message: contradiction))
            }
        }
        return problems
    }

    /// The checkpoint a row of the `checkpoint` table records, or `nil` when a cell does not decode.
    private static func checkpointRecorded(in row: Row) -> CheckpointRecorded? {
        guard let origin = String.fromDatabaseValue(row["origin"]), let treeSize = Int.fromDatabaseValue(row["tree_size"]),
            let rootHash = SHA256Hash.fromDatabaseValue(row["root_hash"]),
            let verifierKey = String.fromDatabaseValue(row["verifier_key"]), let note = String.fromDatabaseValue(row["note"])
        else { return nil }
        return CheckpointRecorded(origin: origin, treeSize: treeSize, rootHash: rootHash, verifierKey: verifierKey, note: note)
    }

    /// How the signed checkpoint `recorded` contradicts a log whose first `recorded.treeSize` entries have the
    /// root `logRoot`; `nil` when they agree.
    private static func rootContradiction(of recorded: CheckpointRecorded, logRoot: SHA256Hash) -> String? {
        guard logRoot != recorded.rootHash else { return nil }
        return "signed root \(recorded.rootHash.hex) but the log's first \(recorded.treeSize) entries give \(logRoot.hex): an earlier entry was rewritten"
    }

    private struct NodeKey: Hashable, Comparable {
        var level: Int
        var index: Int64

        static func < (lhs: NodeKey, rhs: NodeKey) -> Bool {
            (lhs.level, lhs.index) < (rhs.level, rhs.index)
        }
    }
}
