import Foundation
import GRDB

/// The full-text index behind `pledger search`: an SQLite FTS5 table, part of the projection.
///
/// Each indexed text is one row whose rowid is computed from what it is (see ``rowID(_:_:_:)``), so that a
/// later entry can replace it without a lookup: source texts (latest version) and titles, commitment summaries,
/// quotes and criteria, evidence quotes and notes, and assessment rationales.
///
/// FTS5 keeps its inverted index in shadow tables (`search_index_data`, `_idx`, `_docsize`, `_config`,
/// `_content`) whose layout depends on when pending terms are flushed into a new segment. FTS5 flushes at every
/// `SAVEPOINT` and at commit; so each entry's index writes run in a savepoint of their own, which makes the
/// segments follow entry boundaries whether the entries were recorded one transaction each or replayed in one
/// transaction. The shadow tables of a ledger and of its replay are then identical, byte for byte, and
/// `verify` compares them like any other table.
enum SearchIndex {
    /// The FTS5 table.
    static let table = "search_index"

    /// The FTS5 shadow tables with their ordering keys, compared with the replay by `verify`.
    static let shadowTables: [(name: String, orderBy: String)] = [
        ("search_index_config", "k"),
        ("search_index_content", "id"),
        ("search_index_data", "id"),
        ("search_index_docsize", "id"),
        ("search_index_idx", "segid, term"),
    ]

    /// Creates the empty index.
    static func create(in db: Database) throws {
        try db.execute(sql: """
            CREATE VIRTUAL TABLE search_index USING fts5(
                key UNINDEXED, ref UNINDEXED, field UNINDEXED, body,
                tokenize = 'unicode61 remove_diacritics 2')
            """)
    }

    /// Drops and creates the index, for rebuilding the projection from the log.
    static func recreate(in db: Database) throws {
        try db.execute(sql: "DROP TABLE IF EXISTS search_index")
        try create(in: db)
    }

    /// Fills the index from the log, entry by entry, as a replay would: for a ledger made before the index existed.
    static func backfill(in db: Database) throws {
        let bodies = try Data.fetchCursor(db, sql: "SELECT body FROM entry ORDER BY seq")
        while let body = try bodies.next() {
            try index(try LedgerEntry(body: Array(body)), in: db)
        }
    }

    /// The kinds of indexed row; the raw value is the rowid's high part.
    enum Owner: Int64 {
        case source = 1
        case commitment = 2
        case evidence = 3
        case assessment = 4
    }

    /// A stable rowid for field `field` (0–15) of object `number` of `owner`.
    static func rowID(_ owner: Owner, _ number: Int, _ field: Int64) -> Int64 {
        owner.rawValue << 40 | Int64(number) << 4 | field
    }

    /// Indexes what `entry` adds or changes, in a savepoint of its own.
    static func index(_ entry: LedgerEntry, in db: Database) throws {
        var rows: [(id: Int64, key: String, ref: String, field: String, body: String?)] = []
        switch entry.event {
        case .sourceAdded(let added):
            let ref = added.source.description
            rows.append((rowID(.source, added.source.number, 0), "\(ref):title", ref, "title", added.metadata.title))
            rows.append((rowID(.source, added.source.number, 1), "\(ref):text", ref, "text", added.text))
        case .sourceRevised(let revised):
            let ref = revised.source.description
            rows.append((rowID(.source, revised.source.number, 1), "\(ref):text", ref, "text", revised.text))
        case .commitmentLogged(let logged):
            let ref = logged.commitment.description
            let number = logged.commitment.number
            rows.append((rowID(.commitment, number, 0), "\(ref):summary", ref, "summary", logged.summary))
            rows.append((rowID(.commitment, number, 1), "\(ref):quote", ref, "quote", logged.quote.anchor.exact))
            if let criteria = logged.criteria {
                rows.append((rowID(.commitment, number, 2), "\(ref):criteria", ref, "criteria", criteria))
            }
        case .evidenceAttached(let attached):
            let ref = attached.evidence.description
            let number = attached.evidence.number
            rows.append((rowID(.evidence, number, 1), "\(ref):quote", ref, "quote", attached.quote.anchor.exact))
            if let note = attached.note {
                rows.append((rowID(.evidence, number, 2), "\(ref):note", ref, "note", note))
            }
        case .statusAssessed(let assessed):
            let ref = assessed.assessment.description
            rows.append((rowID(.assessment, assessed.assessment.number, 0), "\(ref):rationale", ref, "rationale", assessed.rationale))
        case .anchorMoved(let moved):
            guard let to = moved.to else { return }
            if let commitment = moved.commitment {
                rows.append((rowID(.commitment, commitment.number, 1), "\(commitment):quote", commitment.description, "quote", to.exact))
            } else if let evidence = moved.evidence {
                rows.append((rowID(.evidence, evidence.number, 1), "\(evidence):quote", evidence.description, "quote", to.exact))
            }
        default:
            return
        }
        try db.inSavepoint {
            for row in rows {
                try db.cachedStatement(sql: "DELETE FROM search_index WHERE rowid = ?").execute(arguments: [row.id])
                if let body = row.body {
                    try db.cachedStatement(sql: "INSERT INTO search_index (rowid, key, ref, field, body) VALUES (?, ?, ?, ?, ?)").execute(arguments: [row.id, row.key, row.ref, row.field, body])
                }
            }
            return .commit
        }
    }
}
