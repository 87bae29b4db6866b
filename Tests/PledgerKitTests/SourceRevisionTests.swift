import Foundation
import PledgerKit
import Testing

@Suite struct SourceRevisionTests {
    static let opening = "City Hall, Tuesday.\n\n"
    static let promise = "The mayor said the city will rebuild the north bridge before the winter floods arrive."
    static let lookalike = "Separately, the council said it will rebuild the south bridge before the spring floods come."
    static let closing = "\n\nThe budget vote is next week, officials said.\n"

    /// A ledger with one source holding `text` and a commitment quoting `quote` in it.
    private func ledger(text: String, quote: String) throws -> (LedgerStore, SourceRef, CommitmentRef) {
        let (store, source) = try smallLedger(text: text)
        let commitment = try store.logCommitment(CommitmentDraft(
            promisors: [try slug("alice")], source: source, quote: quote, madeOn: try date("2024-01-10")))
        return (store, source, commitment.ref)
    }

    @Test func insertedParagraphBeforeTheQuoteMovesItsOffsetsWithScoreOne() throws {
        let old = Self.opening + Self.promise + Self.closing
        let (store, source, ref) = try ledger(text: old, quote: "rebuild the north bridge before the winter floods")
        let before = try store.commitment(ref).quote
        let inserted = "A new paragraph about something else entirely, added by the editors.\n\n"
        let revision = try store.reviseSource(source, bytes: Array((Self.opening + inserted + Self.promise + Self.closing).utf8))
        let move = try #require(revision.moves.first)
        #expect(revision.version == 2)
        #expect(move.method == .exact)
        #expect(move.score == 1)
        let after = try store.commitment(ref).quote
        #expect(after.version == 2)
        #expect(after.anchor.start == before.anchor.start + inserted.unicodeScalars.count)
        #expect(after.anchor.exact == before.anchor.exact)
        #expect(try store.verify().isEmpty)
        #expect(try store.orphanedQuotes().isEmpty)
    }

    @Test func aCommitmentsHistoryShowsTheRevisionAndTheMoveOfItsQuote() throws {
        let old = Self.opening + Self.promise + Self.closing
        let (store, source, ref) = try ledger(text: old, quote: "rebuild the north bridge before the winter floods")
        let inserted = "A new paragraph about something else entirely, added by the editors.\n\n"
        _ = try store.reviseSource(source, bytes: Array((Self.opening + inserted + Self.promise + Self.closing).utf8))
        let kinds = try store.history(of: ref).map(\.event.kind)
        #expect(kinds == [.commitmentLogged, .sourceRevised, .anchorMoved])
    }

    @Test func addingARevisedSourcesEarlierTextArchivesItAgainRatherThanReturningTheRevisedSource() throws {
        let old = Self.opening + Self.promise + Self.closing
        let (store, source, _) = try ledger(text: old, quote: "rebuild the north bridge before the winter floods")
        _ = try store.reviseSource(source, bytes: Array((Self.opening + Self.promise).utf8))
        let addition = try store.addSource(bytes: Array(old.utf8), metadata: SourceMetadata(title: "Again", publisher: "Gazette"))
        #expect(addition.isNew)
        #expect(addition.source.ref != source)
        #expect(try store.sourceText(addition.source.ref).string == old)
    }

    @Test func unchangedRegionKeepsItsOffsets() throws {
        let old = Self.opening + Self.promise + Self.closing
        let (store, source, ref) = try ledger(text: old, quote: "rebuild the north bridge")
        let before = try store.commitment(ref).quote.anchor
        let revision = try store.reviseSource(source, bytes: Array((old + "\nCorrection appended at the end.\n").utf8))
        #expect(revision.moves.map(\.method) == [.unchanged])
        #expect(try store.commitment(ref).quote.anchor.start == before.start)
    }

    @Test func typoFixedInsideTheQuoteIsFoundApproximatelyWithAHighScore() throws {
        let typo = Self.promise.replacingOccurrences(of: "rebuild", with: "rebiuld")
        let (store, source, ref) = try ledger(text: Self.opening + typo + Self.closing, quote: typo)
        let revision = try store.reviseSource(source, bytes: Array((Self.opening + Self.promise + Self.closing).utf8))
        let move = try #require(revision.moves.first)
        #expect(move.method == .approximate)
        #expect(move.score >= 0.95)
        #expect(move.to?.exact == Self.promise)
        #expect(try store.commitment(ref).quote.anchor.exact == Self.promise)
        #expect(try store.verify().isEmpty)
    }

    @Test(arguments: [("rebuild", "demolish"), ("north", "northern"), ("floods", "flooding")])
    func aQuoteOfWholeWordsMovesOntoWholeWordsWhenOneOfThemChanges(old: String, new: String) throws {
        let quote = "rebuild the north bridge before the winter floods"
        let (store, source, ref) = try ledger(text: Self.opening + Self.promise + Self.closing, quote: quote)
        let revised = Self.promise.replacingOccurrences(of: old, with: new)
        let revision = try store.reviseSource(source, bytes: Array((Self.opening + revised + Self.closing).utf8))
        let move = try #require(revision.moves.first)
        // Never onto part of a word, as "ish the north bridge…" would be.
        let expected = quote.replacingOccurrences(of: old, with: new)
        if let to = move.to {
            #expect(to.exact == expected)
            #expect(try store.commitment(ref).quote.anchor.exact == expected)
        } else {
            #expect(move.method == .orphaned)
        }
        #expect(try store.verify().isEmpty)
    }

    @Test func deletedSentenceOrphansTheQuoteWithoutMovingIt() throws {
        let (store, source, ref) = try ledger(
            text: Self.opening + Self.promise + Self.closing, quote: "rebuild the north bridge before the winter floods")
        let before = try store.commitment(ref).quote
        let revision = try store.reviseSource(source, bytes: Array((Self.opening + "Nothing was said about bridges." + Self.closing).utf8))
        let move = try #require(revision.moves.first)
        #expect(move.method == .orphaned)
        #expect(move.to == nil)
        #expect(move.score < QuoteReanchorer.minimumScore)
        #expect(try store.commitment(ref).quote == before)
        let orphans = try store.orphanedQuotes()
        #expect(orphans.map(\.owner) == ["C1"])
        #expect(orphans.first?.orphanedIn == 2)
        #expect(try store.verify().isEmpty)
        #expect(try store.verificationWarnings().count == 1)
    }

    @Test func aCommitmentsOrphanedQuotesAreItsOwnAndItsEvidencesAlone() throws {
        let quote = "rebuild the north bridge before the winter floods"
        let (store, source, first) = try ledger(text: Self.opening + Self.promise + Self.closing, quote: quote)
        let second = try store.logCommitment(CommitmentDraft(
            promisors: [try slug("alice")], source: source, quote: quote, madeOn: try date("2024-01-11"))).ref
        let evidence = try store.attachEvidence(EvidenceDraft(
            commitment: second, source: source, quote: quote, stance: .supports, observedOn: try date("2024-02-01"))).ref
        _ = try store.reviseSource(source, bytes: Array((Self.opening + "Nothing was said about bridges." + Self.closing).utf8))
        #expect(try store.orphanedQuotes().map(\.owner) == ["C1", "C2", evidence.description])
        #expect(try store.orphanedQuotes(of: first).map(\.owner) == ["C1"])
        #expect(try store.orphanedQuotes(of: second).map(\.owner) == ["C2", evidence.description])
        #expect(try store.orphanedQuotes(of: CommitmentRef(99)).isEmpty)
    }

    @Test func lookalikeParagraphDoesNotCaptureTheAnchor() throws {
        let old = Self.opening + Self.promise + "\n\n" + Self.lookalike + Self.closing
        let (store, source, ref) = try ledger(text: old, quote: Self.promise)
        // The quoted sentence is reworded a little: the lookalike elsewhere must not win.
        let reworded = Self.promise.replacingOccurrences(of: "will rebuild", with: "would rebuild")
        let new = Self.opening + reworded + "\n\n" + Self.lookalike + Self.closing
        let revision = try store.reviseSource(source, bytes: Array(new.utf8))
        #expect(revision.moves.first?.method == .approximate)
        #expect(try store.commitment(ref).quote.anchor.exact == reworded)

        // With the quoted sentence gone, the lookalike is still not taken: the quote is orphaned.
        let third = try store.reviseSource(source, bytes: Array((Self.opening + Self.lookalike + Self.closing).utf8))
        #expect(third.moves.first?.method == .orphaned)
        #expect(try store.commitment(ref).quote.version == 2)
    }

    @Test func evidenceQuotesAreReanchoredAfterCommitments() throws {
        let (store, source, ref) = try ledger(text: Self.opening + Self.promise + Self.closing, quote: "rebuild the north bridge")
        _ = try store.attachEvidence(EvidenceDraft(commitment: ref, source: source, quote: "The budget vote is next week", stance: .context))
        let revision = try store.reviseSource(source, bytes: Array(("Update.\n\n" + Self.opening + Self.promise + Self.closing).utf8))
        #expect(revision.moves.map(\.owner) == ["C1", "E1"])
        #expect(revision.moves.allSatisfy { $0.method == .exact })
        #expect(try store.evidence(EvidenceRef(1)).quote.version == 2)
        #expect(try store.verify().isEmpty)
    }

    @Test func revisingWithTheSameTextIsRefusedWithoutWriting() throws {
        let text = Self.opening + Self.promise + Self.closing
        let (store, source, _) = try ledger(text: text, quote: "rebuild the north bridge")
        let refusal = try expectRefusedWithoutWriting(store) { _ = try store.reviseSource(source, bytes: Array(text.utf8)) }
        #expect(refusal?.description.contains("nothing to revise") == true)
        try expectRefusedWithoutWriting(store) { _ = try store.reviseSource(SourceRef(9), bytes: Array("x".utf8)) }
        try expectRefusedWithoutWriting(store) { _ = try store.reviseSource(source, bytes: [0x61, 0x00]) }
    }

    @Test func everyVersionStaysReadable() throws {
        let text = Self.opening + Self.promise + Self.closing
        let (store, source, _) = try ledger(text: text, quote: "rebuild the north bridge")
        _ = try store.reviseSource(source, bytes: Array((text + "More.\n").utf8))
        let versions = try store.sourceVersions(source)
        #expect(versions.map(\.version) == [1, 2])
        #expect(try store.sourceText(source, version: 1).string == text)
        #expect(try store.source(source).latestVersion == 2)
        #expect(throws: PledgerError.self) { try store.sourceVersion(source, version: 3) }
    }

    @Test func exportThenImportAfterRevisionsGivesTheSameRoot() throws {
        let (store, source, _) = try ledger(text: Self.opening + Self.promise + Self.closing, quote: "rebuild the north bridge")
        _ = try store.reviseSource(source, bytes: Array(("Update.\n\n" + Self.opening + Self.promise + Self.closing).utf8))
        _ = try store.reviseSource(source, bytes: Array((Self.opening + Self.closing).utf8))
        var entries: [LedgerEntry] = []
        try store.forEachEntry { entries.append($0) }
        let copy = try LedgerStore.emptyInMemory()
        try copy.importEntries(entries)
        #expect(try copy.head() == store.head())
        #expect(try copy.verify().isEmpty)
        #expect(try copy.orphanedQuotes() == store.orphanedQuotes())
        #expect(try copy.search("bridge").map(\.ref) == store.search("bridge").map(\.ref))
    }
}
