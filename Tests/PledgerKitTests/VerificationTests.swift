import Foundation
import GRDB
import PledgerKit
import PledgerTestSupport
import Testing

@Suite struct VerificationTests {
    /// Builds the seed case into a ledger file and returns its path.
    private func seedLedgerFile(in directory: TemporaryDirectory) throws -> String {
        let path = directory.path("seed.sqlite")
        let store = try LedgerStore.create(at: path, author: "fixture", clock: fixedClock)
        try store.load(try Fixtures.seedCase(), sourceBytes: Fixtures.seedBytes)
        // A revision, so that re-anchoring history (`anchor_move`) and the revised text's index rows exist too.
        let revised = try store.sources().first { $0.metadata.publisher == "The Daily Caller" }
        if let revised {
            let text = try store.sourceText(revised.ref).string
            _ = try store.reviseSource(revised.ref, bytes: Array(("Editor's note: this article was updated.\n\n" + text).utf8))
        }
        return path
    }

    /// Opens a raw connection that can change anything, as someone with the sqlite3 shell could — dropping the
    /// append-only triggers for the change, and putting them back after it, so that only the change shows.
    private func tamper(_ path: String, _ change: (Database) throws -> Void) throws {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = false
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        try queue.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA ignore_check_constraints = ON")
            let triggers = try Row.fetchAll(db, sql: "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'entry'")
            for trigger in triggers {
                try db.execute(sql: "DROP TRIGGER \(trigger["name"] as String)")
            }
            try change(db)
            for trigger in triggers {
                try db.execute(sql: trigger["sql"] as String)
            }
        }
        try queue.close()
    }

    /// What `verify` reports for the ledger at `path`, or the refusal to open it.
    private func findings(_ path: String) -> [String] {
        do {
            return try LedgerStore.open(at: path, author: "auditor").verify().map(\.description)
        } catch {
            return ["open refused: \(error)"]
        }
    }

    @Test func aProblemIsOneLineWhateverTextItQuotes() {
        let problem = VerificationProblem(location: "table actor, row slug=\"a\nb\"", message: "column name is \"x\r\ny\u{2028}z\"")
        #expect(problem.description == "table actor, row slug=\"a⏎b\": column name is \"x⏎y⏎z\"")
        #expect(VerificationProblem(location: "entry 1", message: "line\nbreak").description == "entry 1: line⏎break")
    }

    @Test func intactSeedLedgerVerifiesClean() throws {
        let directory = try TemporaryDirectory()
        let path = try seedLedgerFile(in: directory)
        #expect(findings(path).isEmpty)
        let store = try LedgerStore.open(at: path, author: "auditor")
        let head = try store.head()
        #expect(try store.verification() == Verification(problems: [], entryCount: head.size, rootHash: head.rootHash))
    }

    @Test func changingAnySingleCellOfAnyTableIsCaught() throws {
        let directory = try TemporaryDirectory()
        let template = try seedLedgerFile(in: directory)
        let tables = try DatabaseQueue(path: template).read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        }
        #expect(tables.contains("entry") && tables.contains("commitment"))
        var checkedCells = 0
        var missed: [String] = []
        for table in tables {
            // Rows are addressed by rowid, or by primary key in WITHOUT ROWID tables (FTS5's _config and _idx).
            let (columns, rowKeys) = try DatabaseQueue(path: template).read { db -> ([String], [(String, StatementArguments)]) in
                let columns = try db.columns(in: table).map(\.name)
                if let rowIDs = try? Int64.fetchAll(db, sql: "SELECT rowid FROM \(table)") {
                    return (columns, rowIDs.map { ("rowid = ?", [$0]) })
                }
                let keys = try db.primaryKey(table).columns
                let rows = try Row.fetchAll(db, sql: "SELECT \(keys.map { "\"\($0)\"" }.joined(separator: ", ")) FROM \(table)")
                let condition = keys.map { "\"\($0)\" IS ?" }.joined(separator: " AND ")
                return (columns, rows.map { row in (condition, StatementArguments(keys.map { row[$0] as DatabaseValue })) })
            }
            for (condition, rowKey) in rowKeys {
                for column in columns {
                    let copy = directory.path("tampered-\(checkedCells).sqlite")
                    try FileManager.default.copyItem(atPath: template, toPath: copy)
                    try tamper(copy) { db in
                        try db.execute(
                            sql: """
                                UPDATE \(table) SET "\(column)" = CASE typeof("\(column)")
                                    WHEN 'integer' THEN "\(column)" + 1000
                                    WHEN 'text' THEN "\(column)" || 'x'
                                    WHEN 'blob' THEN X'00' || "\(column)"
                                    WHEN 'null' THEN 'x'
                                    ELSE "\(column)" + 0.5 END
                                WHERE \(condition)
                                """, arguments: rowKey)
                    }
                    if findings(copy).isEmpty {
                        missed.append("\(table).\(column) where \(condition) \(rowKey)")
                    }
                    try FileManager.default.removeItem(atPath: copy)
                    checkedCells += 1
                }
            }
        }
        #expect(checkedCells > 300)
        #expect(missed.isEmpty, "verify missed: \(missed)")
    }

    /// A value of another type in a stored cell — text where a number belongs, bytes that are not UTF-8 where
    /// text belongs — is reported by `verify` and refused by every read, never a crash: GRDB's subscript stops
    /// the process on such a value, so the ledger must not read stored rows through it.
    @Test func aValueOfTheWrongTypeInAnyProjectionCellIsReportedNotACrash() throws {
        let directory = try TemporaryDirectory()
        let template = try seedLedgerFile(in: directory)
        let tables = [
            "ledger_head", "source", "source_version", "actor", "quote_anchor", "commitment", "commitment_promisor",
            "commitment_tag", "evidence", "assessment", "assessment_evidence", "anchor_move", "merkle_node",
        ]
        var checkedCells = 0
        var unreported: [String] = []
        for table in tables {
            let columns = try DatabaseQueue(path: template).read { db in try db.columns(in: table).map(\.name) }
            for column in columns {
                let copy = directory.path("mistyped-\(checkedCells).sqlite")
                try FileManager.default.copyItem(atPath: template, toPath: copy)
                do {
                    try tamper(copy) { db in
                        try db.execute(
                            sql: """
                                UPDATE \(table) SET "\(column)" = CASE typeof("\(column)")
                                    WHEN 'integer' THEN 'not a number' WHEN 'text' THEN X'FF00FE' ELSE 7 END
                                WHERE rowid = (SELECT min(rowid) FROM \(table))
                                """)
                    }
                } catch let error as DatabaseError where error.resultCode == .SQLITE_MISMATCH {
                    try FileManager.default.removeItem(atPath: copy)
                    continue  // An INTEGER PRIMARY KEY holds integers only: SQLite itself keeps this cell typed.
                }
                if findings(copy).isEmpty {
                    unreported.append("\(table).\(column)")
                }
                // Every read either works or refuses; a trap would end the test run here.
                if let store = try? LedgerStore.open(at: copy, author: "auditor") {
                    _ = try? store.commitment(CommitmentRef(1))
                    _ = try? store.evidence(EvidenceRef(1))
                    _ = try? store.assessments(of: CommitmentRef(1))
                    _ = try? store.actors()
                    _ = try? store.sources()
                    _ = try? store.orphanedQuotes()
                    _ = try? store.dossiers()
                    _ = try? store.complianceReport(asOf: date("2024-05-01"))
                }
                try FileManager.default.removeItem(atPath: copy)
                checkedCells += 1
            }
        }
        #expect(checkedCells > 60)
        #expect(unreported.isEmpty, "verify reported nothing for: \(unreported)")
    }

    @Test func aDamagedQuoteAnchorIsRefusedWithTheCellItNamesAndReportedByVerify() throws {
        let directory = try TemporaryDirectory()
        let path = try seedLedgerFile(in: directory)
        try tamper(path) { db in try db.execute(sql: "UPDATE quote_anchor SET start = 'abc' WHERE id = 1") }
        let store = try LedgerStore.open(at: path, author: "auditor")
        #expect(throws: PledgerError.ledgerUnavailable("the stored start of quote anchor 1 is damaged; run `pledger verify`")) {
            try store.commitment(CommitmentRef(1))
        }
        let problems = try store.verify().map(\.description)
        #expect(problems.contains { $0.hasPrefix("quote of C1") && $0.contains("start of quote anchor 1 is damaged") })
    }

    @Test func aSourceWhoseLatestVersionIsMissingIsNamedRatherThanLeftOutOfTheList() throws {
        let directory = try TemporaryDirectory()
        let path = try seedLedgerFile(in: directory)
        try tamper(path) { db in try db.execute(sql: "DELETE FROM source_version WHERE source_id = 1") }
        let store = try LedgerStore.open(at: path, author: "auditor")
        #expect(throws: PledgerError.ledgerUnavailable("the stored latest version of source S1 is damaged; run `pledger verify`")) {
            try store.sources()
        }
        #expect(findings(path).contains { $0.contains("table source_version") && $0.contains("missing") })
    }

    @Test func aCheckpointEntryWithANegativeIndexIsReportedNotACrash() throws {
        let directory = try TemporaryDirectory()
        let path = try seedLedgerFile(in: directory)
        let body = #"{"author":"x","index":-1,"kind":"checkpoint.recorded","payload":{"note":"n","origin":"o","rootHash":"0000000000000000000000000000000000000000000000000000000000000000","treeSize":0,"verifierKey":"k"},"recordedAt":"2024-01-01T00:00:00Z"}"#
        try tamper(path) { db in
            try db.execute(
                sql: "INSERT INTO entry (seq, kind, recorded_at, author, body, leaf_hash) SELECT max(seq) + 1, 'checkpoint.recorded', 'x', 'x', CAST(? AS BLOB), X'00' FROM entry",
                arguments: [body])
        }
        #expect(!findings(path).isEmpty)
    }

    @Test func deletedProjectionRowIsNamed() throws {
        let directory = try TemporaryDirectory()
        let path = try seedLedgerFile(in: directory)
        try tamper(path) { db in try db.execute(sql: "DELETE FROM evidence WHERE id = 2") }
        let problems = findings(path)
        #expect(problems.contains { $0.contains("table evidence") && $0.contains("id=2") && $0.contains("missing") })
    }

    @Test func rewrittenEntryBodyIsNamedByIndex() throws {
        let directory = try TemporaryDirectory()
        let path = try seedLedgerFile(in: directory)
        try tamper(path) { db in
            try db.execute(sql: "UPDATE entry SET body = CAST(replace(CAST(body AS TEXT), 'stalled', 'kept') AS BLOB) WHERE kind = 'status.assessed'")
        }
        let problems = findings(path)
        #expect(problems.contains { $0.hasPrefix("entry ") && $0.contains("leaf hash") })
        #expect(problems.contains { $0.contains("ledger head") })
    }

    @Test func aHeadDamagedOnlyInItsFrontierIsNamedAndRebuilt() throws {
        let directory = try TemporaryDirectory()
        let path = try seedLedgerFile(in: directory)
        let intact = try LedgerStore.open(at: path, author: "auditor").head()
        try tamper(path) { db in try db.execute(sql: "UPDATE ledger_head SET frontier = zeroblob(96)") }
        let problems = findings(path)
        #expect(problems.count == 1, "\(problems)")
        #expect(problems.first?.hasPrefix("ledger head: is damaged (a Merkle frontier for \(intact.size) leaves") == true, "\(problems)")
        #expect(problems.first?.hasSuffix("its root is the log's, so `pledger repair --rebuild-projection` rebuilds it") == true)
        let store = try LedgerStore.open(at: path, author: "auditor")
        #expect(try store.verification().rootHash == intact.rootHash)
        _ = try store.rebuildProjection()
        #expect(try store.verify().isEmpty)
    }

    @Test func aTamperedRowIsNamedByItsKeyAndItsBytesAreShownAsHex() throws {
        let directory = try TemporaryDirectory()
        let path = try seedLedgerFile(in: directory)
        try tamper(path) { db in
            try db.execute(sql: "DELETE FROM search_index_idx WHERE (segid, term) = (SELECT segid, term FROM search_index_idx ORDER BY segid, term LIMIT 1)")
            try db.execute(sql: "UPDATE search_index_data SET block = X'00112233445566778899aabbccddeeff0011' WHERE id = (SELECT MAX(id) FROM search_index_data)")
        }
        let problems = findings(path)
        // The search index's term table has no id: its row is named by the columns it is ordered by.
        #expect(problems.contains { $0.hasPrefix("table search_index_idx, row segid=") && $0.contains(" term=") }, "\(problems)")
        #expect(problems.contains { $0.contains("column block is X'00112233445566778899aabbccddeeff…' (18 bytes) but the log gives X'") }, "\(problems)")
    }

    @Test func aDamagedIndexPageThatNoOtherCheckReadsIsNamed() throws {
        let directory = try TemporaryDirectory()
        let path = try seedLedgerFile(in: directory)
        let (rootPage, pageSize) = try DatabaseQueue(path: path).read { db in
            (
                try Int.fetchOne(db, sql: "SELECT rootpage FROM sqlite_master WHERE name = 'anchor_move_on_quote_id'") ?? 0,
                try Int.fetchOne(db, sql: "PRAGMA page_size") ?? 0
            )
        }
        try #require(rootPage > 1 && pageSize > 0)
        // Flip the bytes of the index page's header that say where its first free block is.
        let handle = try #require(FileHandle(forUpdatingAtPath: path))
        try handle.seek(toOffset: UInt64((rootPage - 1) * pageSize + 1))
        let header = try #require(try handle.read(upToCount: 2))
        try handle.seek(toOffset: UInt64((rootPage - 1) * pageSize + 1))
        try handle.write(contentsOf: Data(header.map { $0 ^ 0xFF }))
        try handle.close()
        let problems = findings(path)
        #expect(problems.contains { $0.hasPrefix("SQLite file: Page \(rootPage)") }, "\(problems)")
    }

    @Test func swappedSourceTextBreaksItsHashAndTheQuotesInIt() throws {
        let directory = try TemporaryDirectory()
        let path = try seedLedgerFile(in: directory)
        try tamper(path) { db in
            try db.execute(sql: "UPDATE source_version SET text = replace(text, 'found no evidence', 'found ample evidence')")
        }
        let problems = findings(path)
        #expect(problems.contains { $0.contains("text hashes to") })
        #expect(problems.contains { $0.hasPrefix("quote of E1") })
    }
}

@Suite struct RepairTests {
    @Test func repairRestoresEveryDerivedTableSoThatVerifyIsClean() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("seed.sqlite")
        let store = try LedgerStore.create(at: path, author: "fixture", clock: fixedClock)
        try store.load(try Fixtures.seedCase(), sourceBytes: Fixtures.seedBytes)
        var configuration = Configuration()
        configuration.foreignKeysEnabled = false
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        try queue.write { db in
            try db.execute(sql: "UPDATE assessment SET status = 'kept' WHERE id = 3")
            try db.execute(sql: "DELETE FROM merkle_node WHERE rowid = (SELECT MIN(rowid) FROM merkle_node)")
            try db.execute(sql: "UPDATE search_index_content SET c3 = c3 || ' tampered' WHERE id = (SELECT MIN(id) FROM search_index_content)")
            try db.execute(sql: "UPDATE ledger_head SET size = size + 1")
        }
        try queue.close()
        let reopened = try LedgerStore.open(at: path, author: "auditor")
        #expect(try reopened.verify().count >= 4)
        #expect(try reopened.rebuildProjection() == (try reopened.entries().count))
        #expect(try reopened.verify().isEmpty)
        #expect(try reopened.dossier(CommitmentRef(1)).status(asOf: date("2026-11-23")) == .stalled)
    }

    @Test func repairRefusesALogWhoseHeadWitnessedOtherEntries() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("seed.sqlite")
        let store = try LedgerStore.create(at: path, author: "fixture", clock: fixedClock)
        try store.load(try Fixtures.seedCase(), sourceBytes: Fixtures.seedBytes)
        let size = try store.head().size
        var configuration = Configuration()
        configuration.foreignKeysEnabled = false
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        try queue.writeWithoutTransaction { db in
            try db.execute(sql: "DROP TRIGGER entry_is_append_only_delete")
            try db.execute(sql: "DELETE FROM entry WHERE seq >= ?", arguments: [size - 3])
        }
        try queue.close()
        let reopened = try LedgerStore.open(at: path, author: "auditor")
        let refusal = #expect(throws: PledgerError.self) { try reopened.rebuildProjection() }
        #expect(refusal?.description.contains("the ledger head records \(size) entries") == true, "\(String(describing: refusal))")
        // Nothing was changed: the head still says what was cut, so reading it is refused.
        let headRefusal = #expect(throws: PledgerError.self) { try reopened.head() }
        #expect(headRefusal?.description.contains("head says \(size) entries but its log ends at entry \(size - 4)") == true)
    }
}
