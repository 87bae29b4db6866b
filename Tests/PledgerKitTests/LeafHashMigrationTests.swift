import Foundation
import GRDB
import PledgerKit
import PledgerTestSupport
import Testing

/// Commitments and evidence carry the leaf hash of the entry that recorded them, so that a report need not
/// read the log's rows to cite them; a ledger written before they did gets them from its log when opened.
@Suite struct LeafHashMigrationTests {
    /// The seed case in a ledger file made to look as a version before the column wrote it.
    private func ledgerWithoutEntryLeafHashes(in directory: TemporaryDirectory) throws -> String {
        let path = directory.path("old.sqlite")
        let store = try LedgerStore.create(at: path, author: "fixture", clock: fixedClock)
        try store.load(try Fixtures.seedCase(), sourceBytes: Fixtures.seedBytes)
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            try db.execute(sql: "ALTER TABLE commitment DROP COLUMN entry_leaf_hash")
            try db.execute(sql: "ALTER TABLE evidence DROP COLUMN entry_leaf_hash")
            try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier LIKE 'v4:%'")
        }
        try queue.close()
        return path
    }

    /// Every row's stored leaf hash beside the leaf hash of the entry its `entry_seq` names.
    private func leafHashPairs(at path: String, table: String) throws -> [(stored: Data?, logged: Data?)] {
        try DatabaseQueue(path: path).read { db in
            try Row.fetchAll(
                db, sql: "SELECT t.entry_leaf_hash, e.leaf_hash FROM \(table) t JOIN entry e ON e.seq = t.entry_seq"
            ).map { (stored: $0[0], logged: $0[1]) }
        }
    }

    @Test func aLedgerWrittenBeforeTheColumnGetsItFromItsLogAndReportsAsBefore() throws {
        let directory = try TemporaryDirectory()
        let reference = directory.path("reference.sqlite")
        let store = try LedgerStore.create(at: reference, author: "fixture", clock: fixedClock)
        try store.load(try Fixtures.seedCase(), sourceBytes: Fixtures.seedBytes)
        let asOf = try CalendarDate(validating: "2024-05-01")
        let expected = JSONReportRenderer().render(try store.complianceReport(asOf: asOf))

        let path = try ledgerWithoutEntryLeafHashes(in: directory)
        let reader = try LedgerStore.openForReading(at: path, clock: fixedClock)
        var streamed = ""
        try reader.writeComplianceReport(asOf: asOf, format: .json, to: &streamed)
        #expect(streamed == expected)
        try reader.closeAfterReading()

        for table in ["commitment", "evidence"] {
            let pairs = try leafHashPairs(at: path, table: table)
            #expect(!pairs.isEmpty)
            #expect(pairs.allSatisfy { $0.stored != nil && $0.stored == $0.logged }, "\(table)")
        }
        let reopened = try LedgerStore.open(at: path, author: "auditor", clock: fixedClock)
        #expect(try reopened.verify().isEmpty)
        #expect(try reopened.commitment(CommitmentRef(1)).entryHash == store.commitment(CommitmentRef(1)).entryHash)
        #expect(try reopened.evidence(EvidenceRef(1)).entryHash == store.evidence(EvidenceRef(1)).entryHash)
    }

    @Test func appendedCommitmentsAndEvidenceStoreTheirEntrysLeafHash() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("seed.sqlite")
        let store = try LedgerStore.create(at: path, author: "fixture", clock: fixedClock)
        try store.load(try Fixtures.seedCase(), sourceBytes: Fixtures.seedBytes)
        for table in ["commitment", "evidence"] {
            let pairs = try leafHashPairs(at: path, table: table)
            #expect(!pairs.isEmpty)
            #expect(pairs.allSatisfy { $0.stored?.count == 32 && $0.stored == $0.logged }, "\(table)")
        }
    }

    @Test func aStoredLeafHashThatIsNotTheEntrysIsCaughtByVerifyAndRefusedByReads() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("seed.sqlite")
        let store = try LedgerStore.create(at: path, author: "fixture", clock: fixedClock)
        try store.load(try Fixtures.seedCase(), sourceBytes: Fixtures.seedBytes)
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            try db.execute(sql: "UPDATE evidence SET entry_leaf_hash = zeroblob(32) WHERE id = 1")
            try db.execute(sql: "UPDATE commitment SET entry_leaf_hash = NULL WHERE id = 1")
        }
        try queue.close()
        let reopened = try LedgerStore.open(at: path, author: "auditor", clock: fixedClock)
        let problems = try reopened.verify()
        for table in ["commitment", "evidence"] {
            #expect(
                problems.contains { $0.location.hasPrefix("table \(table), row id=1 ") && $0.message.contains("entry_leaf_hash") },
                "\(problems)")
        }
        let refusal = PledgerError.ledgerUnavailable("a stored leaf hash is damaged; run `pledger verify`")
        #expect(throws: refusal) { try reopened.commitment(CommitmentRef(1)) }
        #expect(throws: refusal) { try reopened.complianceReport(asOf: try CalendarDate(validating: "2024-05-01")) }
    }
}
