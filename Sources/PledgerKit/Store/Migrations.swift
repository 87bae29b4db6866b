import GRDB

/// The schema of a ledger file. Migrations are never edited once shipped; changes are new migrations.
enum Migrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: log and projection", migrate: createV1)
        migrator.registerMigration("v2: source revisions, orphaned quotes and search", migrate: createRevisionsAndSearch)
        migrator.registerMigration("v3: Merkle tree nodes and checkpoints", migrate: createTreeNodesAndCheckpoints)
        migrator.registerMigration("v4: entry leaf hashes beside commitments and evidence", migrate: addEntryLeafHashes)
        migrator.registerMigration("v5: entry author, time and leaf hash beside assessments", migrate: addAssessmentEntryFields)
        return migrator
    }

    /// The projection tables, in the order verification compares them, with their ordering keys.
    static let projectionTables: [(name: String, orderBy: String)] = [
        ("source", "id"),
        ("source_version", "source_id, version"),
        ("actor", "slug"),
        ("quote_anchor", "id"),
        ("commitment", "id"),
        ("commitment_promisor", "commitment_id, position"),
        ("commitment_tag", "commitment_id, tag"),
        ("evidence", "id"),
        ("assessment", "id"),
        ("assessment_evidence", "assessment_id, position"),
        ("checkpoint", "entry_seq"),
        ("anchor_move", "entry_seq"),
    ]

    /// The triggers that keep the log append-only — SQLite refuses to update or delete an entry row — by name,
    /// with the statement that creates each (as the first migration ran it).
    static let appendOnlyTriggers: [(name: String, sql: String)] = ["UPDATE", "DELETE"].map { operation in
        let name = "entry_is_append_only_\(operation.lowercased())"
        return (name, """
            CREATE TRIGGER \(name) BEFORE \(operation) ON entry
            BEGIN SELECT RAISE(ABORT, 'ledger entries are append-only'); END
            """)
    }

    /// Recreates the append-only triggers as ``appendOnlyTriggers`` defines them, replacing any trigger of the
    /// same name: the repair of a ledger whose triggers were dropped or altered.
    static func restoreAppendOnlyTriggers(in db: Database) throws {
        for trigger in appendOnlyTriggers {
            try db.execute(sql: "DROP TRIGGER IF EXISTS \(trigger.name)")
            try db.execute(sql: trigger.sql)
        }
    }

    /// Source versions' media type, re-anchoring history, orphan marks and the full-text index (filled from the
    /// log for a ledger that predates it).
    private static func createRevisionsAndSearch(_ db: Database) throws {
        try db.alter(table: "source_version") { t in t.add(column: "media_type", .text) }
        try db.alter(table: "quote_anchor") { t in t.add(column: "orphaned_version", .integer) }
        try db.create(table: "anchor_move") { t in
            t.primaryKey("entry_seq", .integer).references("entry")
            t.column("quote_id", .integer).notNull().references("quote_anchor").indexed()
            t.column("source_id", .integer).notNull()
            t.column("from_version", .integer).notNull()
            t.column("to_version", .integer).notNull()
            t.column("method", .text).notNull()
            t.column("score", .double).notNull()
            t.column("from_start", .integer).notNull()
            t.column("from_end", .integer).notNull()
            t.column("to_start", .integer)
            t.column("to_end", .integer)
        }
        try SearchIndex.create(in: db)
        try SearchIndex.backfill(in: db)
    }

    /// The stored interior nodes of the Merkle tree (back-filled from the log's leaf hashes) and the
    /// projection of `checkpoint.recorded` entries.
    private static func createTreeNodesAndCheckpoints(_ db: Database) throws {
        try db.create(table: "merkle_node") { t in
            t.column("level", .integer).notNull()
            t.column("idx", .integer).notNull()
            t.column("hash", .blob).notNull()
            t.primaryKey(["level", "idx"])
        }
        try LedgerStore.backfillTreeNodes(in: db)
        try db.create(table: "checkpoint") { t in
            t.primaryKey("entry_seq", .integer).references("entry")
            t.column("origin", .text).notNull()
            t.column("tree_size", .integer).notNull()
            t.column("root_hash", .text).notNull()
            t.column("verifier_key", .text).notNull()
            t.column("note", .text).notNull()
        }
    }

    /// The leaf hash of the entry that recorded each commitment and piece of evidence, beside its row (filled
    /// from the log for a ledger that predates it). A report cites every one, and reading each from its entry's
    /// row took a page of the log per row: the entries of a ledger's commitments and evidence are most of it.
    private static func addEntryLeafHashes(_ db: Database) throws {
        for table in ["commitment", "evidence"] {
            try db.alter(table: table) { t in t.add(column: "entry_leaf_hash", .blob) }
            try db.execute(sql: "UPDATE \(table) SET entry_leaf_hash = (SELECT leaf_hash FROM entry WHERE seq = \(table).entry_seq)")
        }
    }

    /// The author, time and leaf hash of the entry that recorded each assessment, beside its row (filled from
    /// the log for a ledger that predates them). A report shows who recorded each assessment and cites its
    /// entry, and reading those from the entry's row took a page of the log per assessment — a report's
    /// largest read but the evidence.
    private static func addAssessmentEntryFields(_ db: Database) throws {
        try db.alter(table: "assessment") { t in
            t.add(column: "entry_author", .text)
            t.add(column: "entry_recorded_at", .text)
            t.add(column: "entry_leaf_hash", .blob)
        }
        try db.execute(sql: """
            UPDATE assessment SET (entry_author, entry_recorded_at, entry_leaf_hash) =
                (SELECT author, recorded_at, leaf_hash FROM entry WHERE seq = assessment.entry_seq)
            """)
    }

    private static func createV1(_ db: Database) throws {
        // The log: the truth. Rows are only ever inserted.
        try db.create(table: "entry") { t in
            t.primaryKey("seq", .integer)
            t.column("kind", .text).notNull()
            t.column("recorded_at", .text).notNull()
            t.column("author", .text).notNull()
            t.column("body", .blob).notNull()
            t.column("leaf_hash", .blob).notNull()
        }
        try db.create(table: "ledger_head") { t in
            t.primaryKey("id", .integer).check { $0 == 1 }
            t.column("size", .integer).notNull()
            t.column("root_hash", .blob).notNull()
            t.column("frontier", .blob).notNull()
        }
        for trigger in appendOnlyTriggers {
            try db.execute(sql: trigger.sql)
        }

        // The projection: rebuilt from the log by replaying it.
        try db.create(table: "source") { t in
            t.primaryKey("id", .integer)
            t.column("title", .text).notNull()
            t.column("publisher", .text).notNull()
            t.column("author", .text)
            t.column("url", .text)
            t.column("published_on", .text)
            t.column("retrieved_at", .text)
            t.column("latest_version", .integer).notNull()
            t.column("entry_seq", .integer).notNull().references("entry")
        }
        try db.create(table: "source_version") { t in
            t.column("source_id", .integer).notNull().references("source")
            t.column("version", .integer).notNull()
            t.column("original_sha256", .text).notNull()
            t.column("text_sha256", .text).notNull().indexed()
            t.column("text", .text).notNull()
            t.column("text_length", .integer).notNull()
            t.column("entry_seq", .integer).notNull().references("entry")
            t.primaryKey(["source_id", "version"])
        }
        try db.create(table: "actor") { t in
            t.primaryKey("slug", .text)
            t.column("name", .text).notNull()
            t.column("kind", .text).notNull()
            t.column("parent_slug", .text).references("actor")
            t.column("entry_seq", .integer).notNull().references("entry")
        }
        try db.create(table: "quote_anchor") { t in
            t.primaryKey("id", .integer)
            t.column("source_id", .integer).notNull()
            t.column("version", .integer).notNull()
            t.column("start", .integer).notNull()
            t.column("end", .integer).notNull()
            t.column("exact", .text).notNull()
            t.column("prefix", .text).notNull()
            t.column("suffix", .text).notNull()
            t.column("text_sha256", .text).notNull()
            t.foreignKey(["source_id", "version"], references: "source_version")
        }
        try db.create(table: "commitment") { t in
            t.primaryKey("id", .integer)
            t.column("summary", .text).notNull()
            t.column("promisee_slug", .text).references("actor")
            t.column("quote_id", .integer).notNull().references("quote_anchor")
            t.column("made_on", .text).notNull()
            t.column("due", .text)
            t.column("due_on", .text)
            t.column("criteria", .text)
            t.column("entry_seq", .integer).notNull().references("entry")
        }
        try db.create(table: "commitment_promisor") { t in
            t.column("commitment_id", .integer).notNull().references("commitment")
            t.column("position", .integer).notNull()
            t.column("actor_slug", .text).notNull().references("actor").indexed()
            t.primaryKey(["commitment_id", "position"])
            t.uniqueKey(["commitment_id", "actor_slug"])
        }
        try db.create(table: "commitment_tag") { t in
            t.column("commitment_id", .integer).notNull().references("commitment")
            t.column("tag", .text).notNull().indexed()
            t.primaryKey(["commitment_id", "tag"])
        }
        try db.create(table: "evidence") { t in
            t.primaryKey("id", .integer)
            t.column("commitment_id", .integer).notNull().references("commitment").indexed()
            t.column("quote_id", .integer).notNull().references("quote_anchor")
            t.column("observed_on", .text).notNull()
            t.column("stance", .text).notNull()
            t.column("note", .text)
            t.column("entry_seq", .integer).notNull().references("entry")
        }
        try db.create(table: "assessment") { t in
            t.primaryKey("id", .integer)
            t.column("commitment_id", .integer).notNull().references("commitment").indexed()
            t.column("promisor_slug", .text).references("actor")
            t.column("status", .text).notNull()
            t.column("effective_on", .text).notNull()
            t.column("rationale", .text).notNull()
            t.column("entry_seq", .integer).notNull().references("entry")
        }
        try db.create(table: "assessment_evidence") { t in
            t.column("assessment_id", .integer).notNull().references("assessment")
            t.column("position", .integer).notNull()
            t.column("evidence_id", .integer).notNull().references("evidence")
            t.primaryKey(["assessment_id", "position"])
        }
    }
}
