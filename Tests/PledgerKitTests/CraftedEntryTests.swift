import Foundation
import GRDB
@testable import PledgerKit
import PledgerTestSupport
import Testing

/// Export lines written by hand rather than by Pledger: canonical JSON that still lies about itself. Each must
/// be refused with a message, never imported and never a crash.
@Suite struct CraftedEntryTests {
    /// The seed ledger's entries as JSON values, to edit.
    private func seedEntries() throws -> [JSONValue] {
        try Fixtures.seedLedger(clock: fixedClock).entries().map { try JSONValue(parsing: $0.body) }
    }

    /// `value` with the member at `path` set to `member` (or removed, for `nil`).
    private func setting(_ path: [String], to member: JSONValue?, in value: JSONValue) -> JSONValue {
        guard case .object(var members) = value, let first = path.first else { return member ?? value }
        if path.count == 1 {
            members[first] = member
        } else {
            members[first] = setting(Array(path.dropFirst()), to: member, in: members[first] ?? .object([:]))
        }
        return .object(members)
    }

    /// Imports `entries` into an empty ledger, as `pledger import` would.
    private func importing(_ entries: [JSONValue]) throws {
        let store = try LedgerStore.emptyInMemory()
        try store.importEntries(try entries.map { try LedgerEntry(body: $0.canonicalBytes) })
    }

    private func firstIndex(of kind: String, in entries: [JSONValue]) throws -> Int {
        try #require(entries.firstIndex { $0["kind"]?.stringValue == kind })
    }

    @Test(arguments: [
        (["zz"], JSONValue.array([.number(1), .number(2)])),
        (["payload", "hidden"], JSONValue.string("anything")),
        (["payload", "label"], JSONValue.null),
    ])
    func aLineWithAMemberTheFormatDoesNotDefineIsRefusedAtImport(path: [String], member: JSONValue) throws {
        var entries = try seedEntries()
        entries[0] = setting(path, to: member, in: entries[0])
        let error = #expect(throws: PledgerError.self) { try importing(entries) }
        #expect(error?.description.contains("members or values the entry format does not define") == true)
    }

    @Test func aRefWithALeadingZeroIsRefusedAtImport() throws {
        var entries = try seedEntries()
        let index = try firstIndex(of: "evidence.attached", in: entries)
        let commitment = try #require(entries[index]["payload"]?["commitment"]?.stringValue)
        entries[index] = setting(["payload", "commitment"], to: .string("C0" + commitment.dropFirst()), in: entries[index])
        let error = #expect(throws: PledgerError.self) { try importing(entries) }
        #expect(error?.description.contains("members or values the entry format does not define") == true)
    }

    @Test func everyEntryPledgerWritesIsExactlyTheEncodingOfWhatItDecodesTo() throws {
        let store = try Fixtures.seedLedger(clock: fixedClock)
        let revised = try #require(try store.sources().first)
        _ = try store.reviseSource(revised.ref, bytes: Array(("A note.\n\n" + (try store.sourceText(revised.ref).string)).utf8))
        _ = try store.recordCheckpoint(signer: try NoteSigner.generate(name: "test.example/ledger"))
        let kinds = Set(try store.entries().map(\.event.kind))
        #expect(kinds.count == 9, "every kind of entry: \(kinds)")
        for entry in try store.entries() {
            #expect(try LedgerEntry(body: entry.body).isExactEncoding, "\(entry.event.kind)")
        }
    }

    @Test func aQuoteWithAnOffsetNearIntMaxIsRefusedNotACrash() throws {
        var entries = try seedEntries()
        let index = try firstIndex(of: "evidence.attached", in: entries)
        var evidence = setting(["payload", "quote", "end"], to: .number(9_223_372_036_854_775_000), in: entries[index])
        evidence = setting(["payload", "quote", "suffix"], to: .string(String(repeating: "x", count: 2_000)), in: evidence)
        entries[index] = evidence
        let error = #expect(throws: PledgerError.self) { try importing(entries) }
        #expect(error?.description.contains("fall outside") == true, "\(String(describing: error))")
    }

    @Test func aSourceTextInDecomposedFormIsRefusedAtImport() throws {
        let store = try LedgerStore.inMemory(clock: fixedClock)
        _ = try store.addSource(
            bytes: Array("The café will open in May.".utf8), metadata: SourceMetadata(title: "T", publisher: "P"))
        var entries = try store.entries().map { try JSONValue(parsing: $0.body) }
        let index = try firstIndex(of: "source.added", in: entries)
        // The same words with é as e + U+0301: canonically equivalent, but not the NFC text the hash is of.
        let decomposed = "The cafe\u{301} will open in May."
        #expect(decomposed == "The café will open in May.", "Swift compares by canonical equivalence")
        entries[index] = setting(["payload", "text"], to: .string(decomposed), in: entries[index])
        let error = #expect(throws: PledgerError.self) { try importing(entries) }
        #expect(error?.description.contains("not in canonical form") == true, "\(String(describing: error))")
    }

    @Test func aCheckpointThatDoesNotCoverTheEntriesBeforeItIsRefusedAtImport() throws {
        let store = try Fixtures.seedLedger(clock: fixedClock)
        _ = try store.recordCheckpoint(signer: try NoteSigner.generate(name: "test.example/ledger"))
        var entries = try store.entries().map { try JSONValue(parsing: $0.body) }
        let index = try firstIndex(of: "checkpoint.recorded", in: entries)
        entries[index] = setting(["payload", "treeSize"], to: .number(-1), in: entries[index])
        let error = #expect(throws: PledgerError.self) { try importing(entries) }
        #expect(error?.description.contains("checkpoints -1 entries") == true, "\(String(describing: error))")
    }

    // MARK: Entries that keep their format but break the actions' rules

    /// The seed entries with the member at `path` of the first entry of `kind` set to `member`. The first
    /// assessment is A1, of C2, whose promisors are the United States and the PRC.
    private func seedEntries(withKind kind: String, setting path: [String], to member: JSONValue) throws -> [JSONValue] {
        var entries = try seedEntries()
        let index = try firstIndex(of: kind, in: entries)
        entries[index] = setting(path, to: member, in: entries[index])
        return entries
    }

    @Test(arguments: [
        ("status.assessed", ["payload", "status"], JSONValue.string("not-yet-rated"), "assesses not-yet-rated"),
        ("status.assessed", ["payload", "rationale"], JSONValue.string("  "), "has an empty rationale"),
        ("status.assessed", ["payload", "effectiveOn"], JSONValue.string("2001-01-01"), "before C2 was made"),
        ("status.assessed", ["payload", "promisor"], JSONValue.string("joe-biden"), "who is not a promisor of C2"),
        ("status.assessed", ["payload", "evidence"], JSONValue.array([.string("E1")]), "which is not evidence on C2"),
        ("commitment.logged", ["payload", "dueOn"], JSONValue.string("2001-01-01"), "due day does not follow"),
        ("actor.added", ["payload", "name"], JSONValue.string(""), "has an empty name"),
        ("commitment.logged", ["payload", "commitment"], JSONValue.string("C68719476737"), "but the next one is C1"),
        ("actor.added", ["author"], JSONValue.string(" "), "its author is empty"),
        ("actor.added", ["recordedAt"], JSONValue.string("yesterday"), "is not a UTC time"),
    ])
    func anEntryThatBreaksARuleTheActionsKeepIsRefusedAtImport(
        kind: String, path: [String], member: JSONValue, rule: String
    ) throws {
        let entries = try seedEntries(withKind: kind, setting: path, to: member)
        let error = #expect(throws: PledgerError.self) { try importing(entries) }
        #expect(error?.description.contains(rule) == true, "\(String(describing: error))")
    }

    @Test func aCommitmentDueBeforeItWasMadeIsRefusedAtImport() throws {
        var entries = try seedEntries()
        let index = try #require(entries.firstIndex { $0["kind"]?.stringValue == "commitment.logged" && $0["payload"]?["due"] != nil })
        entries[index] = setting(["payload", "due"], to: .string("2001-01-01"), in: entries[index])
        entries[index] = setting(["payload", "dueOn"], to: .string("2001-01-01"), in: entries[index])
        let error = #expect(throws: PledgerError.self) { try importing(entries) }
        #expect(error?.description.contains("before it was made") == true, "\(String(describing: error))")
    }

    /// A ledger written before these rules, or by hand with every hash recomputed: `verify` names the entry.
    @Test func verifyNamesAnEntryThatBreaksARuleEvenWhenEveryHashAgrees() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("seed.sqlite")
        let store = try LedgerStore.create(at: path, author: "fixture", clock: fixedClock)
        try store.load(try Fixtures.seedCase(), sourceBytes: Fixtures.seedBytes)
        let last = try #require(try store.entries().last { $0.event.kind == .statusAssessed })
        let emptied = setting(["payload", "rationale"], to: .string(""), in: try JSONValue(parsing: last.body))
        let body = emptied.canonicalBytes
        var configuration = Configuration()
        configuration.foreignKeysEnabled = false
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        try queue.writeWithoutTransaction { db in
            try db.execute(sql: "DROP TRIGGER entry_is_append_only_update")
            try db.execute(
                sql: "UPDATE entry SET body = ?, leaf_hash = ? WHERE seq = ?",
                arguments: [Data(body), Data(MerkleTree.leafHash(body).bytes), last.index])
            // Without its head, which witnessed the log before the edit, only the rule is left to catch it.
            try db.execute(sql: "DELETE FROM ledger_head")
        }
        try queue.close()
        let reopened = try LedgerStore.open(at: path, author: "auditor")
        // A rebuild holds each entry to the rules an import does, and refuses to make the tables follow it.
        let refusal = #expect(throws: PledgerError.self) { try reopened.rebuildProjection() }
        #expect(refusal?.description.contains("the log itself is damaged (entry \(last.index): ") == true, "\(String(describing: refusal))")
        #expect(refusal?.description.contains("has an empty rationale") == true, "\(String(describing: refusal))")
        let problems = try reopened.verify().map(\.description)
        #expect(problems.contains { $0.hasPrefix("entry \(last.index)") && $0.contains("has an empty rationale") }, "\(problems)")
    }
}
