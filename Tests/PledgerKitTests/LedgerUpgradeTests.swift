import Foundation
import GRDB
import PledgerKit
import PledgerTestSupport
import Testing

/// Opening a ledger written by an older version, or published read-only. Commitments and evidence carry the
/// leaf hash of the entry that recorded them (migration v4), and assessments its leaf hash, author and time
/// (v5), so that a report need not read the log's rows to cite and show them; a ledger written before they
/// did gets them from its log when opened — in its file when it may be written, else in a copy, leaving a
/// published file as it is.
@Suite struct LedgerUpgradeTests {
    /// The seed case in a new ledger file `name` in `directory`.
    private func seedLedger(in directory: TemporaryDirectory, named name: String = "seed.sqlite") throws
        -> (path: String, store: LedgerStore)
    {
        let path = directory.path(name)
        let store = try LedgerStore.create(at: path, author: "fixture", clock: fixedClock)
        try store.load(try Fixtures.seedCase(), sourceBytes: Fixtures.seedBytes)
        return (path, store)
    }

    /// Runs `statements` on the ledger file at `path` behind the ledger's back.
    private func alter(_ path: String, _ statements: String...) throws {
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            for statement in statements { try db.execute(sql: statement) }
        }
        try queue.close()
    }

    /// The seed case in a ledger file made to look as version 3 wrote it: without the fields of their entries
    /// that commitments, evidence (migration v4) and assessments (v5) keep beside them.
    private func ledgerOfVersion3(in directory: TemporaryDirectory) throws -> String {
        let path = try seedLedger(in: directory, named: "old.sqlite").path
        try alter(
            path, "ALTER TABLE commitment DROP COLUMN entry_leaf_hash", "ALTER TABLE evidence DROP COLUMN entry_leaf_hash",
            "ALTER TABLE assessment DROP COLUMN entry_author", "ALTER TABLE assessment DROP COLUMN entry_recorded_at",
            "ALTER TABLE assessment DROP COLUMN entry_leaf_hash",
            "DELETE FROM grdb_migrations WHERE identifier LIKE 'v4:%' OR identifier LIKE 'v5:%'")
        return path
    }

    /// The fields of its entry that each row of `table` keeps, beside those of the entry its `entry_seq` names:
    /// the leaf hash, and for an assessment its author and time too.
    private func entryFieldPairs(at path: String, table: String) throws -> [(stored: [DatabaseValue], logged: [DatabaseValue])] {
        let fields = table == "assessment" ? ["leaf_hash", "author", "recorded_at"] : ["leaf_hash"]
        let stored = fields.map { "t.entry_\($0)" }.joined(separator: ", ")
        let logged = fields.map { "e.\($0)" }.joined(separator: ", ")
        return try DatabaseQueue(path: path).read { db in
            try Row.fetchAll(db, sql: "SELECT \(stored), \(logged) FROM \(table) t JOIN entry e ON e.seq = t.entry_seq")
                .map { row in
                    let values = Array(row.databaseValues)
                    return (Array(values[..<fields.count]), Array(values[fields.count...]))
                }
        }
    }

    /// Every row of `table` keeps its entry's fields, and there are such rows.
    private func expectEntryFieldsKept(at path: String, table: String) throws {
        let pairs = try entryFieldPairs(at: path, table: table)
        #expect(!pairs.isEmpty, "\(table)")
        #expect(pairs.allSatisfy { !$0.stored.contains(.null) && $0.stored == $0.logged }, "\(table)")
        #expect(pairs.allSatisfy { (Data.fromDatabaseValue($0.stored[0])?.count) == 32 }, "\(table)")
    }

    @Test func aLedgerWrittenBeforeTheColumnsGetsThemFromItsLogAndReportsAsBefore() throws {
        let directory = try TemporaryDirectory()
        let store = try seedLedger(in: directory, named: "reference.sqlite").store
        let asOf = try CalendarDate(validating: "2024-05-01")
        let expected = JSONReportRenderer().render(try store.complianceReport(asOf: asOf))

        let path = try ledgerOfVersion3(in: directory)
        let reader = try LedgerStore.openForReading(at: path, clock: fixedClock)
        var streamed = ""
        try reader.writeComplianceReport(asOf: asOf, format: .json, to: &streamed)
        #expect(streamed == expected)
        try reader.closeAfterReading()

        for table in ["commitment", "evidence", "assessment"] {
            try expectEntryFieldsKept(at: path, table: table)
        }
        let reopened = try LedgerStore.open(at: path, author: "auditor", clock: fixedClock)
        #expect(try reopened.verify().isEmpty)
        #expect(try reopened.commitment(CommitmentRef(1)).entryHash == store.commitment(CommitmentRef(1)).entryHash)
        #expect(try reopened.evidence(EvidenceRef(1)).entryHash == store.evidence(EvidenceRef(1)).entryHash)
        #expect(try reopened.assessment(AssessmentRef(1)) == store.assessment(AssessmentRef(1)))
    }

    @Test func appendedCommitmentsEvidenceAndAssessmentsKeepTheirEntrysFields() throws {
        let directory = try TemporaryDirectory()
        let path = try seedLedger(in: directory).path
        for table in ["commitment", "evidence", "assessment"] {
            try expectEntryFieldsKept(at: path, table: table)
        }
    }

    @Test func aPublishedReadOnlyLedgerOfAnOlderFormatIsReadFromAnUpgradedCopyAndLeftAsItIs() throws {
        let directory = try TemporaryDirectory()
        let path = try ledgerOfVersion3(in: directory)
        let asOf = try CalendarDate(validating: "2024-05-01")
        let current = try seedLedger(in: directory, named: "current.sqlite").store
        let expected = JSONReportRenderer().render(try current.complianceReport(asOf: asOf))
        try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: path)
        let before = try Data(contentsOf: URL(filePath: path))

        // Even root, whom the mode does not stop, reads it upgraded without writing it.
        let reader = try LedgerStore.openForReading(at: path, clock: fixedClock)
        var streamed = ""
        try reader.writeComplianceReport(asOf: asOf, format: .json, to: &streamed)
        #expect(streamed == expected)
        #expect(try reader.verify().isEmpty)
        let store = try LedgerStore.open(at: path, author: "auditor", clock: fixedClock)
        #expect(try store.evidence(EvidenceRef(1)).entryHash == current.evidence(EvidenceRef(1)).entryHash)
        let refusal = #expect(throws: PledgerError.self) {
            _ = try store.addActor(slug: ActorSlug(validating: "un"), name: "United Nations", kind: .group)
        }
        #expect(refusal?.description.contains("is read-only") == true, "\(String(describing: refusal))")
        #expect(try Data(contentsOf: URL(filePath: path)) == before)
        #expect(!FileManager.default.fileExists(atPath: path + "-wal"))
    }

    /// A published copy taken while appends were still in the write-ahead log: the log is read with the
    /// file, and neither is changed — root's read-write connection would fold the log into the file.
    @Test func aLedgerPublishedReadOnlyWithItsWriteAheadLogIsReadWithoutFoldingTheLogIn() throws {
        let directory = try TemporaryDirectory()
        let (path, store) = try seedLedger(in: directory)
        let holder = try DatabaseQueue(path: path)  // Keeps the log from being folded in when the store closes.
        _ = try holder.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master") }
        _ = try store.addActor(slug: ActorSlug(validating: "un"), name: "United Nations", kind: .group)
        let published = directory.path("published.sqlite")
        for suffix in ["", "-wal"] {
            try FileManager.default.copyItem(atPath: path + suffix, toPath: published + suffix)
            try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: published + suffix)
        }
        try holder.close()
        let log = try Data(contentsOf: URL(filePath: published + "-wal"))
        try #require(!log.isEmpty)
        let before = try Data(contentsOf: URL(filePath: published))

        let reader = try LedgerStore.openForReading(at: published, clock: fixedClock)
        #expect(try reader.actors().contains { $0.slug.rawValue == "un" })
        try reader.closeAfterReading()
        #expect(try Data(contentsOf: URL(filePath: published)) == before)
        #expect(try Data(contentsOf: URL(filePath: published + "-wal")) == log)
    }

    @Test(.timeLimit(.minutes(1)))
    func storesOpeningAnOlderLedgerAtOnceAllUpgradeIt() async throws {
        for round in 0..<4 {
            let directory = try TemporaryDirectory()
            let path = try ledgerOfVersion3(in: directory)
            let outcomes = await withTaskGroup(of: String?.self) { group in
                for _ in 0..<4 {
                    group.addTask {
                        do {
                            let store = try LedgerStore.open(at: path, author: "auditor", clock: fixedClock)
                            _ = try store.evidence(EvidenceRef(1))
                            return nil
                        } catch {
                            return "\(error)"
                        }
                    }
                }
                return await group.reduce(into: []) { $0.append($1) }
            }
            #expect(outcomes.compactMap { $0 }.isEmpty, "round \(round): \(outcomes)")
            #expect(try LedgerStore.open(at: path, author: "auditor", clock: fixedClock).verify().isEmpty)
        }
    }

    @Test func aStoredLeafHashThatIsNotTheEntrysIsCaughtByVerifyAndOneThatIsNoHashIsRefusedByReads() throws {
        let directory = try TemporaryDirectory()
        let path = try seedLedger(in: directory).path
        try alter(
            path, "UPDATE evidence SET entry_leaf_hash = zeroblob(32) WHERE id = 1",
            "UPDATE evidence SET entry_leaf_hash = hex(zeroblob(16)) WHERE id = 2",
            "UPDATE commitment SET entry_leaf_hash = NULL WHERE id = 1")
        let reopened = try LedgerStore.open(at: path, author: "auditor", clock: fixedClock)
        let problems = try reopened.verify()
        for (table, id) in [("commitment", 1), ("evidence", 1), ("evidence", 2)] {
            #expect(
                problems.contains { $0.location.hasPrefix("table \(table), row id=\(id) ") && $0.message.contains("entry_leaf_hash") },
                "\(problems)")
        }
        // 32 characters of text are not 32 bytes of hash, though they are as long.
        #expect(throws: PledgerError.ledgerUnavailable("the stored entry leaf hash of evidence E2 is damaged; run `pledger verify`")) {
            try reopened.evidence(EvidenceRef(2))
        }
        let refusal = PledgerError.ledgerUnavailable("the stored entry leaf hash of commitment C1 is damaged; run `pledger verify`")
        #expect(throws: refusal) { try reopened.commitment(CommitmentRef(1)) }
        #expect(throws: refusal) { try reopened.complianceReport(asOf: try CalendarDate(validating: "2024-05-01")) }
    }

    @Test func aTableMissingTheColumnIsNamedByVerifyAndRefusedByReadsNotACrash() throws {
        let directory = try TemporaryDirectory()
        let path = try seedLedger(in: directory).path
        try alter(path, "ALTER TABLE evidence DROP COLUMN entry_leaf_hash")
        let reopened = try LedgerStore.open(at: path, author: "auditor", clock: fixedClock)
        let problems = try reopened.verify()
        #expect(problems.contains { $0.location == "table evidence" && $0.message.hasPrefix("has the columns id, ") }, "\(problems)")
        #expect(throws: PledgerError.ledgerUnavailable("the stored entry leaf hash of evidence E1 is damaged; run `pledger verify`")) {
            try reopened.evidence(EvidenceRef(1))
        }
    }

    @Test func anAssessmentsStoredEntryFieldsAreCaughtByVerifyWhenWrongAndRefusedByReadsWhenMissing() throws {
        let directory = try TemporaryDirectory()
        let path = try seedLedger(in: directory).path
        try alter(
            path, "UPDATE assessment SET entry_author = 'someone else' WHERE id = 1",
            "UPDATE assessment SET entry_recorded_at = NULL WHERE id = 2")
        let reopened = try LedgerStore.open(at: path, author: "auditor", clock: fixedClock)
        let problems = try reopened.verify()
        for (id, column) in [(1, "entry_author"), (2, "entry_recorded_at")] {
            #expect(
                problems.contains { $0.location.hasPrefix("table assessment, row id=\(id) ") && $0.message.contains(column) },
                "\(problems)")
        }
        let refusal = PledgerError.ledgerUnavailable("the stored entry time of A2 is damaged; run `pledger verify`")
        #expect(throws: refusal) { try reopened.assessment(AssessmentRef(2)) }
        #expect(throws: refusal) { try reopened.complianceReport(asOf: try CalendarDate(validating: "2024-05-01")) }
        var streamed = ""
        #expect(throws: refusal) {
            try reopened.writeComplianceReport(asOf: try CalendarDate(validating: "2024-05-01"), format: .json, to: &streamed)
        }

        try alter(path, "ALTER TABLE assessment DROP COLUMN entry_author")
        let missing = try LedgerStore.open(at: path, author: "auditor", clock: fixedClock)
        #expect(try missing.verify().contains { $0.location == "table assessment" }, "a table without the column")
        #expect(throws: PledgerError.ledgerUnavailable("the stored entry author of A1 is damaged; run `pledger verify`")) {
            try missing.assessment(AssessmentRef(1))
        }
        // A streamed report reads the assessments on a second connection: its SQLite failure is named as the
        // report's own reads name theirs, not passed on raw.
        let reader = try LedgerStore.openForReading(at: path, clock: fixedClock)
        var partial = ""
        #expect(throws: PledgerError.ledgerUnavailable("\(path): no such column: entry_author")) {
            try reader.writeComplianceReport(asOf: try CalendarDate(validating: "2024-05-01"), format: .json, to: &partial)
        }
        #expect(partial.isEmpty)
    }
}
