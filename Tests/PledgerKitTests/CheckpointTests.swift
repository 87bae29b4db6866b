import Foundation
import GRDB
import PledgerKit
import PledgerTestSupport
import Testing

@Suite struct CheckpointTests {
    private let signer: NoteSigner

    init() throws {
        signer = try NoteSigner.generate(name: "test.example/ledger")
    }

    /// The seed case in a ledger file, with a checkpoint after it and two more actors after that.
    private func checkpointedLedger(in directory: TemporaryDirectory) throws -> (path: String, note: String) {
        let path = directory.path("seed.sqlite")
        let store = try LedgerStore.create(at: path, author: "fixture", clock: fixedClock)
        try store.load(try Fixtures.seedCase(), sourceBytes: Fixtures.seedBytes)
        let note = try store.recordCheckpoint(signer: signer).serialized
        _ = try store.addActor(slug: slug("un"), name: "United Nations", kind: .group)
        _ = try store.addActor(slug: slug("who"), name: "World Health Organization", kind: .agency)
        return (path, note)
    }

    @Test func checkpointCoversTheEntriesBeforeItsOwnAndVerifiesClean() throws {
        let (store, _) = try smallLedger()
        let before = try store.head()
        let note = try store.recordCheckpoint(signer: signer)
        let checkpoint = try Checkpoint.verified(note.serialized, by: signer.verifier)
        #expect(checkpoint.size == UInt64(before.size))
        #expect(checkpoint.rootHash == before.rootHash)
        #expect(try store.head().size == before.size + 1)
        #expect(try store.latestCheckpointNote() == note.serialized)
        let problems = try store.verify()
        #expect(problems.isEmpty, "\(problems)")
        #expect(try store.rootHash(atSize: before.size) == before.rootHash)
    }

    @Test func everyEntryInTheCheckpointHasAProofThatChecksOutOffline() throws {
        let (store, _) = try smallLedger()
        for name in ["a", "b", "c", "d", "e"] {
            _ = try store.addActor(slug: slug(name), name: name, kind: .person)
        }
        let note = try store.recordCheckpoint(signer: signer).serialized
        let entries = try store.entries()
        let size = try Checkpoint.unverified(note).size
        for entry in entries.prefix(Int(size)) {
            let text = try store.inclusionProof(forEntry: entry.index).serialized
            let proof = try TLogProof(parsing: text)
            #expect(proof.index == UInt64(entry.index))
            try proof.verify(entryBody: entry.body, by: signer.verifier)
            let other = entries[(entry.index + 1) % Int(size)]
            #expect(throws: PledgerError.self) { try proof.verify(entryBody: other.body, by: signer.verifier) }
        }
        #expect(throws: PledgerError.self) { try store.inclusionProof(forEntry: Int(size)) }
    }

    @Test func refsNameTheEntriesThatCreatedThem() throws {
        let directory = try TemporaryDirectory()
        let (path, _) = try checkpointedLedger(in: directory)
        let store = try LedgerStore.open(at: path, author: "auditor")
        let entries = try store.entries()
        for ref in ["S1", "C1", "E1", "A1", "c1"] {
            let index = try store.entryIndex(of: ref)
            #expect(bodyText(of: entries[index]).contains(ref.uppercased()), "\(ref) → entry \(index)")
        }
        #expect(try store.entryIndex(of: "3") == 3)
        #expect(throws: PledgerError.self) { try store.entryIndex(of: "C99") }
        #expect(throws: PledgerError.self) { try store.entryIndex(of: "X1") }
    }

    @Test func theLedgerExtendsItsEarlierCheckpoint() throws {
        let directory = try TemporaryDirectory()
        let (path, note) = try checkpointedLedger(in: directory)
        let store = try LedgerStore.open(at: path, author: "auditor")
        let (checkpoint, head) = try store.verifyExtends(checkpointNote: note, verifier: signer.verifier)
        #expect(checkpoint.size + 3 == UInt64(head.size))
        let proof = try store.consistencyProof(from: note)
        try proof.verify()
        let later = try store.recordCheckpoint(signer: signer).serialized
        try store.consistencyProof(from: note, to: later).verify()
        #expect(try store.verify().isEmpty)
    }

    @Test func aLedgerRewrittenAfterACheckpointFailsConsistency() throws {
        let directory = try TemporaryDirectory()
        let (path, note) = try checkpointedLedger(in: directory)
        let original = try LedgerStore.open(at: path, author: "auditor").entries()
        // Replace one early entry and recompute every hash: replay the edited log into a fresh ledger, as a
        // forger with write access and Pledger's own code would.
        let victim = try #require(original.first { if case .actorAdded = $0.event { true } else { false } })
        guard case .actorAdded(var added) = victim.event else { return }
        added.name = "Someone Else"
        var forged = original
        forged[victim.index] = try LedgerEntry(index: victim.index, recordedAt: victim.recordedAt, author: victim.author, event: .actorAdded(added))
        let rewrittenPath = directory.path("rewritten.sqlite")
        let rewritten = try LedgerStore.createEmpty(at: rewrittenPath, author: "forger")
        // Imported whole, the ledger's own recorded checkpoint gives the rewrite away, and nothing is written.
        let refusal = #expect(throws: PledgerError.self) { try rewritten.importEntries(forged) }
        #expect(refusal?.description.contains("an earlier line was rewritten") == true, "\(String(describing: refusal))")
        #expect(try rewritten.head().size == 0)
        // Without that entry and what follows it, only the published checkpoint can tell.
        let recorded = try #require(forged.firstIndex { if case .checkpointRecorded = $0.event { true } else { false } })
        try rewritten.importEntries(forged.prefix(recorded))
        #expect(throws: PledgerError.self) { try rewritten.verifyExtends(checkpointNote: note, verifier: signer.verifier) }
        #expect(throws: PledgerError.self) { try rewritten.consistencyProof(from: note) }
        #expect(throws: PledgerError.self) { try rewritten.inclusionProof(forEntry: 0, checkpointNote: note) }
    }

    @Test func tamperedTreeNodesAndCheckpointRowsAreCaughtByVerify() throws {
        let directory = try TemporaryDirectory()
        let (path, _) = try checkpointedLedger(in: directory)
        for (index, change) in [
            "UPDATE merkle_node SET hash = X'00' || hash WHERE level = 2 AND idx = 0",
            "DELETE FROM merkle_node WHERE level = 1 AND idx = 1",
            "UPDATE checkpoint SET tree_size = tree_size + 1",
            "UPDATE checkpoint SET note = replace(note, '—', '-')",
        ].enumerated() {
            let copy = directory.path("copy-\(index).sqlite")
            try FileManager.default.copyItem(atPath: path, toPath: copy)
            let queue = try DatabaseQueue(path: copy)
            try queue.write { try $0.execute(sql: change) }
            try queue.close()
            #expect(try !LedgerStore.open(at: copy, author: "auditor").verify().isEmpty, "\(change)")
        }
    }

    @Test func aLedgerMadeBeforeTreeNodesGetsThemBackFilled() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("old.sqlite")
        let store = try LedgerStore.create(at: path, author: "fixture", clock: fixedClock)
        try store.load(try Fixtures.seedCase(), sourceBytes: Fixtures.seedBytes)
        let head = try store.head()
        // Make it look like a ledger written before the migration: no node table, migration not applied.
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            try db.execute(sql: "DROP TABLE merkle_node")
            try db.execute(sql: "DROP TABLE checkpoint")
            try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier LIKE 'v3:%'")
        }
        try queue.close()
        let reopened = try LedgerStore.open(at: path, author: "auditor")
        #expect(try reopened.verify().isEmpty)
        #expect(try reopened.rootHash(atSize: head.size) == head.rootHash)
        let note = try reopened.recordCheckpoint(signer: signer).serialized
        try TLogProof(parsing: try reopened.inclusionProof(forEntry: 2).serialized)
            .verify(entryBody: try reopened.entries()[2].body, by: signer.verifier)
        #expect(try Checkpoint.unverified(note).size == UInt64(head.size))
    }
}

/// The entry's canonical JSON as text, for matching the refs it carries.
private func bodyText(of entry: LedgerEntry) -> String {
    String(decoding: entry.body, as: UTF8.self)
}

@Suite struct ReportCheckpointTests {
    @Test func reportEmbedsTheLatestSignedCheckpoint() throws {
        let store = try Fixtures.seedLedger(clock: fixedClock)
        #expect(try store.complianceReport(asOf: date("2026-11-23")).stamp.checkpoint == nil)
        _ = try store.recordCheckpoint(signer: try NoteSigner.generate(name: "example.org/pledger"))
        let report = try store.complianceReport(asOf: date("2026-11-23"))
        let note = try #require(report.stamp.checkpoint)
        #expect(note.hasPrefix("example.org/pledger\n"))
        #expect(MarkdownReportRenderer().render(report).contains(note.split(separator: "\n")[2]))
        #expect(HTMLReportRenderer().render(report).contains("Latest signed checkpoint"))
        #expect(TextReportRenderer().render(report).contains("Latest signed checkpoint"))
    }
}
