import Foundation
import GRDB

extension LedgerStore {
    /// Rebuilds every table derived from the log — the projection, the search index, the stored tree nodes
    /// and the tree head — by replaying the log, and recreates the triggers that keep the log append-only: the
    /// repair for a damaged or edited projection.
    ///
    /// The log must be intact: if any entry fails its checks, contradicts a recorded signed checkpoint, or is
    /// inconsistent in itself as an import would find it (a quote that is not its source's text, say), nothing
    /// is changed and the first problem is thrown, since a projection cannot be trusted more than the log it
    /// comes from. The derived tables are replaced row for row with a fresh replay's, so that `verify` finds
    /// them identical.
    /// - Returns: the number of entries replayed.
    @discardableResult
    public func rebuildProjection() throws -> Int {
        try write { db in
            let entries = try Self.intactLog(db)
            try Self.requireHeadAgrees(with: entries, in: db)
            let replay = try Self.replay(entries) { entry, head, replayDB in
                if let reason = try ImportValidator.inconsistency(of: entry, after: head, in: replayDB) {
                    throw Self.damagedLog([VerificationProblem(location: "entry \(entry.index)", message: reason)])
                }
            }
            let tables = try Self.derivedTables(db)
            try db.execute(sql: "PRAGMA defer_foreign_keys = ON")
            for table in tables {
                try db.execute(sql: "DELETE FROM \(table.quotedDatabaseIdentifier)")
            }
            try replay.read { replayDB in
                for table in tables {
                    let columns = try replayDB.columns(in: table).map(\.name)
                    let insert = try db.makeStatement(
                        sql: "INSERT INTO \(table.quotedDatabaseIdentifier) (\(columns.map(\.quotedDatabaseIdentifier).joined(separator: ", "))) VALUES (\(databaseQuestionMarks(count: columns.count)))")
                    let rows = try Row.fetchCursor(replayDB, sql: "SELECT * FROM \(table.quotedDatabaseIdentifier)")
                    while let row = try rows.next() {
                        try insert.execute(arguments: StatementArguments(row.databaseValues))
                    }
                }
            }
            try Migrations.restoreAppendOnlyTriggers(in: db)
            return entries.count
        }
    }

    /// The log's entries, refused when any fails its checks or contradicts a signed checkpoint the ledger
    /// recorded — in the log, or in the `checkpoint` table, which keeps the checkpoints of entries cut since.
    private static func intactLog(_ db: Database) throws -> [LedgerEntry] {
        let (entries, entryProblems) = try checkEntries(db)
        guard entryProblems.isEmpty else { throw damagedLog(entryProblems) }
        let leafHashes = entries.map(\.leafHash)
        let contradictions = try checkRecordedCheckpoints(leafHashes: leafHashes, db) + checkCheckpointRows(leafHashes: leafHashes, db)
        guard contradictions.isEmpty else { throw damagedLog(contradictions) }
        return entries
    }

    /// The refusal to rebuild from a log with `problems`, naming the first.
    private static func damagedLog(_ problems: [VerificationProblem]) -> PledgerError {
        let first = problems.first.map(\.description) ?? "unknown damage"
        let more = problems.count > 1 ? ", and \(Wording.count(problems.count - 1, "more problem"))" : ""
        return PledgerError.ledgerUnavailable(
            "the log itself is damaged (\(first)\(more)); restore the file from a backup or import an export instead")
    }

    /// Refuses to rebuild when the stored head's root is not the log's: the head is the one witness, besides
    /// published checkpoints, that entries were removed from the end of the log or the log was rewritten whole,
    /// and a rebuild would overwrite it. A head whose root is the log's but whose size or frontier is damaged
    /// is rebuilt: the root shows that it witnessed this very log.
    private static func requireHeadAgrees(with entries: [LedgerEntry], in db: Database) throws {
        // Read column by column, not decoded whole: a head damaged elsewhere must still show its root.
        guard let size = try Int?.fetchOne(db, sql: "SELECT size FROM ledger_head WHERE id = 1") else { return }
        let root = try Data.fetchOne(db, sql: "SELECT root_hash FROM ledger_head WHERE id = 1")
            .flatMap { SHA256Hash(bytes: Array($0)) }
        let logRoot = MerkleTree.root(ofLeafHashes: entries.map(\.leafHash))
        guard root != logRoot else { return }
        throw PledgerError.ledgerUnavailable(
            "the ledger head records \(size.map { Wording.entries($0) } ?? "an unreadable size") with root \(root.map { String($0.hex.prefix(16)) + "…" } ?? "unreadable"), but the log holds \(Wording.entries(entries.count)) with root \(logRoot.hex.prefix(16))…: entries were removed or rewritten, and a rebuild would hide it — nothing was changed; check against a published checkpoint with `pledger verify --checkpoint`, and restore the file from a backup")
    }

    /// Every ordinary table except the log and the migration list: the tables a replay recreates.
    private static func derivedTables(_ db: Database) throws -> [String] {
        try String.fetchAll(
            db,
            sql: """
                SELECT name FROM sqlite_master
                WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT IN ('entry', 'grdb_migrations')
                  AND sql NOT LIKE 'CREATE VIRTUAL TABLE%'
                ORDER BY name
                """)
    }
}
