import Foundation
import GRDB

/// Writes the queryable tables from ledger events.
///
/// The same code runs when an entry is appended and when verification replays the log into a fresh
/// database, so the two can only differ if the stored tables were changed behind the ledger's back.
enum Projection {
    /// Applies one entry's event to the projection tables.
    static func apply(_ entry: LedgerEntry, in db: Database) throws {
        let seq = entry.index
        switch entry.event {
        case .ledgerCreated:
            break
        case .sourceAdded(let added):
            let metadata = added.metadata
            try db.cachedStatement(sql: """
                    INSERT INTO source (id, title, publisher, author, url, published_on, retrieved_at, latest_version, entry_seq)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """).execute(arguments: [
                    added.source.number, metadata.title, metadata.publisher, metadata.author, metadata.url,
                    metadata.publishedOn, metadata.retrievedAt, added.version, seq,
                ])
            try db.cachedStatement(sql: """
                    INSERT INTO source_version (source_id, version, original_sha256, text_sha256, text, text_length, entry_seq, media_type)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """).execute(arguments: [
                    added.source.number, added.version, added.originalSHA256, added.textSHA256, added.text,
                    added.text.unicodeScalars.count, seq, added.mediaType,
                ])
        case .actorAdded(let added):
            try db.cachedStatement(sql: "INSERT INTO actor (slug, name, kind, parent_slug, entry_seq) VALUES (?, ?, ?, ?, ?)").execute(arguments: [added.actor, added.name, added.kind, added.parent, seq])
        case .commitmentLogged(let logged):
            let quoteID = try insertQuote(logged.quote, in: db)
            try db.cachedStatement(sql: """
                    INSERT INTO commitment (id, summary, promisee_slug, quote_id, made_on, due, due_on, criteria, entry_seq, entry_leaf_hash)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """).execute(arguments: [
                    logged.commitment.number, logged.summary, logged.promisee, quoteID, logged.madeOn, logged.due,
                    logged.dueOn, logged.criteria, seq, Data(entry.leafHash.bytes),
                ])
            for (position, promisor) in logged.promisors.enumerated() {
                try db.cachedStatement(sql: "INSERT INTO commitment_promisor (commitment_id, position, actor_slug) VALUES (?, ?, ?)").execute(arguments: [logged.commitment.number, position, promisor])
            }
            for tag in logged.tags {
                try db.cachedStatement(sql: "INSERT INTO commitment_tag (commitment_id, tag) VALUES (?, ?)").execute(arguments: [logged.commitment.number, tag])
            }
        case .evidenceAttached(let attached):
            let quoteID = try insertQuote(attached.quote, in: db)
            try db.cachedStatement(sql: """
                    INSERT INTO evidence (id, commitment_id, quote_id, observed_on, stance, note, entry_seq, entry_leaf_hash)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """).execute(arguments: [
                    attached.evidence.number, attached.commitment.number, quoteID, attached.observedOn,
                    attached.stance, attached.note, seq, Data(entry.leafHash.bytes),
                ])
        case .checkpointRecorded(let recorded):
            try insertCheckpoint(recorded, seq: seq, in: db)
        case .statusAssessed(let assessed):
            try db.cachedStatement(sql: """
                    INSERT INTO assessment (
                        id, commitment_id, promisor_slug, status, effective_on, rationale, entry_seq, entry_author,
                        entry_recorded_at, entry_leaf_hash)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """).execute(arguments: [
                    assessed.assessment.number, assessed.commitment.number, assessed.promisor, assessed.status,
                    assessed.effectiveOn, assessed.rationale, seq, entry.author, entry.recordedAt,
                    Data(entry.leafHash.bytes),
                ])
            for (position, evidence) in assessed.evidence.enumerated() {
                try db.cachedStatement(sql: "INSERT INTO assessment_evidence (assessment_id, position, evidence_id) VALUES (?, ?, ?)").execute(arguments: [assessed.assessment.number, position, evidence.number])
            }
        case .sourceRevised(let revised):
            try applySourceRevised(revised, seq: seq, in: db)
        case .anchorMoved(let moved):
            try applyAnchorMoved(moved, seq: seq, in: db)
        }
        try SearchIndex.index(entry, in: db)
    }

    private static func applySourceRevised(_ revised: SourceRevised, seq: Int, in db: Database) throws {
        try db.cachedStatement(sql: """
                INSERT INTO source_version (source_id, version, original_sha256, text_sha256, text, text_length, entry_seq, media_type)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """).execute(arguments: [
                revised.source.number, revised.version, revised.originalSHA256, revised.textSHA256, revised.text,
                revised.text.unicodeScalars.count, seq, revised.mediaType,
            ])
        try db.cachedStatement(sql: "UPDATE source SET latest_version = ? WHERE id = ?").execute(arguments: [revised.version, revised.source.number])
    }

    /// Points the quote at its new place (or marks it orphaned, leaving it where it was) and keeps the history.
    private static func applyAnchorMoved(_ moved: AnchorMoved, seq: Int, in db: Database) throws {
        let quoteID: Int64?
        if let commitment = moved.commitment {
            quoteID = try Int64.fetchOne(db, sql: "SELECT quote_id FROM commitment WHERE id = ?", arguments: [commitment.number])
        } else if let evidence = moved.evidence {
            quoteID = try Int64.fetchOne(db, sql: "SELECT quote_id FROM evidence WHERE id = ?", arguments: [evidence.number])
        } else {
            quoteID = nil
        }
        guard let quoteID else {
            throw PledgerError.invalidInput("anchor.moved names \(moved.owner), which the ledger does not hold")
        }
        try db.cachedStatement(sql: """
                INSERT INTO anchor_move (entry_seq, quote_id, source_id, from_version, to_version, method, score,
                                         from_start, from_end, to_start, to_end)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """).execute(arguments: [
                seq, quoteID, moved.source.number, moved.fromVersion, moved.toVersion, moved.method.rawValue,
                moved.score, moved.from.start, moved.from.end, moved.to?.start, moved.to?.end,
            ])
        if let to = moved.to {
            try db.cachedStatement(sql: """
                    UPDATE quote_anchor SET version = ?, start = ?, "end" = ?, exact = ?, prefix = ?, suffix = ?,
                        text_sha256 = ?, orphaned_version = NULL
                    WHERE id = ?
                    """).execute(arguments: [moved.toVersion, to.start, to.end, to.exact, to.prefix, to.suffix, to.textSHA256, quoteID])
        } else {
            try db.cachedStatement(sql: "UPDATE quote_anchor SET orphaned_version = ? WHERE id = ?").execute(arguments: [moved.toVersion, quoteID])
        }
    }

    private static func insertCheckpoint(_ recorded: CheckpointRecorded, seq: Int, in db: Database) throws {
        try db.cachedStatement(sql: """
                INSERT INTO checkpoint (entry_seq, origin, tree_size, root_hash, verifier_key, note)
                VALUES (?, ?, ?, ?, ?, ?)
                """).execute(arguments: [seq, recorded.origin, recorded.treeSize, recorded.rootHash, recorded.verifierKey, recorded.note])
    }

    private static func insertQuote(_ quote: AnchoredQuote, in db: Database) throws -> Int64 {
        let anchor = quote.anchor
        try db.cachedStatement(sql: """
                INSERT INTO quote_anchor (source_id, version, start, "end", exact, prefix, suffix, text_sha256)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """).execute(arguments: [
                quote.source.number, quote.version, anchor.start, anchor.end, anchor.exact, anchor.prefix,
                anchor.suffix, anchor.textSHA256,
            ])
        return db.lastInsertedRowID
    }
}
