import Foundation
import PledgerKit
import PledgerTestSupport
import Testing

@Suite struct SearchTests {
    @Test func hitsAreRankedWithSnippetsAndRefs() throws {
        let store = try Fixtures.seedLedger(clock: fixedClock)
        let hits = try store.search("fentanyl precursors")
        #expect(!hits.isEmpty)
        #expect(hits.map(\.rank) == hits.map(\.rank).sorted())
        #expect(hits.allSatisfy { $0.snippet.contains("[") && $0.snippet.contains("]") })
        #expect(hits.contains { $0.ref.hasPrefix("C") && $0.commitment?.description == $0.ref })
        #expect(hits.contains { $0.ref.hasPrefix("S") && $0.field == "text" })
    }

    @Test func shortFieldWithTheTermRanksAboveALongText() throws {
        let (store, source) = try smallLedger(text: String(repeating: "Filler words about town matters. ", count: 40) + "The bridge.\n")
        _ = try store.logCommitment(CommitmentDraft(
            promisors: [try slug("alice")], source: source, quote: "The bridge", summary: "Fix the bridge",
            madeOn: try date("2024-01-10")))
        let hits = try store.search("bridge")
        #expect(hits.prefix(2).map(\.ref) == ["C1", "C1"])
        #expect(hits.contains { $0.field == "summary" && $0.snippet == "Fix the [bridge]" })
        #expect(hits.last?.ref == "S1")
    }

    @Test func accentsCaseAndPrefixesMatchAndOperatorsAreJustText() throws {
        let (store, source) = try smallLedger(text: "Le café promised a Crêpe festival. AND NOT OR NEAR.\n")
        _ = try store.logCommitment(CommitmentDraft(
            promisors: [try slug("alice")], source: source, quote: "a Crêpe festival", madeOn: try date("2024-01-10")))
        #expect(try store.search("crepe").contains { $0.ref == "C1" })
        #expect(try store.search("fest*").contains { $0.ref == "C1" })
        #expect(try !store.search("\"NOT\" OR").isEmpty)
        #expect(try store.search("nowhere").isEmpty)
        try expectRefusedWithoutWriting(store) { _ = try store.search("  \"* ") }
    }

    @Test func revisedTextsAndMovedQuotesAreReindexed() throws {
        let (store, source) = try smallLedger()
        _ = try store.logCommitment(CommitmentDraft(
            promisors: [try slug("alice")], source: source, quote: "fix the bridge by June", madeOn: try date("2024-01-10")))
        _ = try store.reviseSource(
            source, bytes: Array("Alice promised to fix the bridge by July. Later, the bridge was fixed. The ferry runs.".utf8))
        #expect(try store.search("ferry").map(\.ref) == ["S1"])
        #expect(try store.search("July").map(\.ref).sorted() == ["C1", "S1"])
        // The summary is the editor's words and keeps "June"; the quote now reads "July".
        #expect(try store.search("June").map(\.field) == ["summary"])
        #expect(try store.verify().isEmpty)
    }
}
