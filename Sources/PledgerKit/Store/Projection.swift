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
            try db.execute(
                sql: """
                    INSERT INTO source (id, title, publisher, author, url, published_on, retrieved_at, latest_version, entry_seq)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    added.source.number, metadata.title, metadata.publisher, metadata.author, metadata.url,
                    metadata.publishedOn, metadata.retrievedAt, added.version, seq,
                ])
            try db.execute(
                sql: """
                    INSERT INTO source_version (source_id, version, original_sha256, text_sha256, text, text_length, entry_seq)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    added.source.number, added.version, added.originalSHA256, added.textSHA256, added.text,
                    added.text.unicodeScalars.count, seq,
                ])
        case .actorAdded(let added):
            try db.execute(
                sql: "INSERT INTO actor (slug, name, kind, parent_slug, entry_seq) VALUES (?, ?, ?, ?, ?)",
                arguments: [added.actor, added.name, added.kind, added.parent, seq])
        case .commitmentLogged(let logged):
            let quoteID = try insertQuote(logged.quote, in: db)
            try db.execute(
                sql: """
                    INSERT INTO commitment (id, summary, promisee_slug, quote_id, made_on, due, due_on, criteria, entry_seq)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    logged.commitment.number, logged.summary, logged.promisee, quoteID, logged.madeOn, logged.due,
                    logged.dueOn, logged.criteria, seq,
                ])
            for (position, promisor) in logged.promisors.enumerated() {
                try db.execute(
                    sql: "INSERT INTO commitment_promisor (commitment_id, position, actor_slug) VALUES (?, ?, ?)",
                    arguments: [logged.commitment.number, position, promisor])
            }
            for tag in logged.tags {
                try db.execute(
                    sql: "INSERT INTO commitment_tag (commitment_id, tag) VALUES (?, ?)",
                    arguments: [logged.commitment.number, tag])
            }
        case .evidenceAttached(let attached):
            let quoteID = try insertQuote(attached.quote, in: db)
            try db.execute(
                sql: """
                    INSERT INTO evidence (id, commitment_id, quote_id, observed_on, stance, note, entry_seq)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    attached.evidence.number, attached.commitment.number, quoteID, attached.observedOn,
                    attached.stance, attached.note, seq,
                ])
        case .statusAssessed(let assessed):
            try db.execute(
                sql: """
                    INSERT INTO assessment (id, commitment_id, promisor_slug, status, effective_on, rationale, entry_seq)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    assessed.assessment.number, assessed.commitment.number, assessed.promisor, assessed.status,
                    assessed.effectiveOn, assessed.rationale, seq,
                ])
            for (position, evidence) in assessed.evidence.enumerated() {
                try db.execute(
                    sql: "INSERT INTO assessment_evidence (assessment_id, position, evidence_id) VALUES (?, ?, ?)",
                    arguments: [assessed.assessment.number, position, evidence.number])
            }
        }
    }

    private static func insertQuote(_ quote: AnchoredQuote, in db: Database) throws -> Int64 {
        let anchor = quote.anchor
        try db.execute(
            sql: """
                INSERT INTO quote_anchor (source_id, version, start, "end", exact, prefix, suffix, text_sha256)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                quote.source.number, quote.version, anchor.start, anchor.end, anchor.exact, anchor.prefix,
                anchor.suffix, anchor.textSHA256,
            ])
        return db.lastInsertedRowID
    }
}
