import Foundation
import PledgerKit
import PledgerTestSupport
import Testing

@Suite struct LedgerStoreTests {
    @Test func theSameWordsAttachedTwiceWithTheSameStanceAreRefusedWithoutWriting() throws {
        let (store, source) = try smallLedger()
        let commitment = try store.logCommitment(CommitmentDraft(
            promisors: [slug("alice")], source: source, quote: "fix the bridge by June"))
        let first = try store.attachEvidence(EvidenceDraft(
            commitment: commitment.ref, source: source, quote: "the bridge was fixed", stance: .supports))
        let size = try store.head().size
        #expect(throws: PledgerError.conflict(
            "\(first.ref) already cites these words of \(source), or words around them, on \(commitment.ref) as supports; the same evidence would count twice — quote other words, or choose another --stance")
        ) {
            try store.attachEvidence(EvidenceDraft(
                commitment: commitment.ref, source: source, quote: "the bridge was fixed", stance: .supports))
        }
        // A longer passage around the same words is the same observation.
        #expect(throws: PledgerError.self) {
            try store.attachEvidence(EvidenceDraft(
                commitment: commitment.ref, source: source, quote: "Later, the bridge was fixed", stance: .supports))
        }
        #expect(try store.head().size == size)
        // Other words, or the same words read another way, are other evidence.
        _ = try store.attachEvidence(EvidenceDraft(
            commitment: commitment.ref, source: source, quote: "the bridge was fixed", stance: .context))
        _ = try store.attachEvidence(EvidenceDraft(
            commitment: commitment.ref, source: source, quote: "Alice promised", stance: .supports))
    }

    @Test func aPromiseToOneOfItsOwnPromisorsIsRefused() throws {
        let (store, source) = try smallLedger()
        #expect(throws: PledgerError.invalidInput(
            "'alice' is both a promisor and the promisee; --to names whom the promise was made to, so leave it out or name someone else")
        ) {
            try store.logCommitment(CommitmentDraft(
                promisors: [slug("alice")], promisee: slug("alice"), source: source, quote: "fix the bridge by June"))
        }
        #expect(try store.head().size == 4)
    }

    @Test func aSummaryTakenFromAQuoteAcrossLinesIsOneLine() throws {
        let (store, source) = try smallLedger(text: "Alice promised:\nfix the bridge\n\nby June.")
        let commitment = try store.logCommitment(CommitmentDraft(
            promisors: [slug("alice")], source: source, quote: "fix the bridge by June"))
        #expect(commitment.quote.anchor.exact == "fix the bridge\n\nby June")
        #expect(commitment.summary == "fix the bridge by June")
    }

    @Test func lineBreaksInRecordedTextAreStoredAsLineFeeds() throws {
        let (store, _) = try smallLedger()
        let actor = try store.addActor(slug: slug("mayor"), name: "The\r\nMayor\rof Town", kind: .person)
        #expect(actor.name == "The\nMayor\nof Town")
    }

    @Test func newLedgerHoldsOnlyItsCreationEntry() throws {
        let store = try LedgerStore.inMemory(clock: fixedClock)
        let entries = try store.entries()
        #expect(entries.count == 1)
        #expect(entries.first?.event.kind == .ledgerCreated)
        #expect(try store.head().size == 1)
    }

    @Test func addingTheSameCanonicalTextTwiceReturnsTheExistingSource() throws {
        let (store, first) = try smallLedger()
        let sizeBefore = try store.head().size
        let again = try store.addSource(
            bytes: Array("Alice promised to fix the bridge by June. Later, the bridge was fixed.".utf8),
            metadata: SourceMetadata(title: "Other title", publisher: "Other"))
        #expect(again.isNew == false)
        #expect(again.source.ref == first)
        #expect(try store.head().size == sizeBefore)
    }

    @Test func sourceKeepsOriginalBytesHashAndCanonicalTextHashApart() throws {
        let store = try LedgerStore.inMemory(clock: fixedClock)
        let bytes = Array("line one\r\nline two\r\n".utf8)
        let source = try store.addSource(bytes: bytes, metadata: SourceMetadata(title: "T", publisher: "P")).source
        #expect(source.originalSHA256 == SHA256Hash.digest(of: bytes))
        #expect(source.textSHA256 == SHA256Hash.digest(of: Array("line one\nline two\n".utf8)))
        #expect(try store.sourceText(source.ref).string == "line one\nline two\n")
    }

    @Test func nonUTF8BinaryAndEmptySourcesAreRefusedWithoutWriting() throws {
        let store = try LedgerStore.inMemory(clock: fixedClock)
        let metadata = SourceMetadata(title: "T", publisher: "P")
        for bytes: [UInt8] in [[0x66, 0xFF, 0xFE], [0x61, 0x00, 0x62], [], Array("  \n\t ".utf8)] {
            let refusal = try expectRefusedWithoutWriting(store) { _ = try store.addSource(bytes: bytes, metadata: metadata) }
            #expect(refusal != nil)
        }
    }

    @Test func blankTitleIsRefusedWithoutWriting() throws {
        let store = try LedgerStore.inMemory(clock: fixedClock)
        let refusal = try expectRefusedWithoutWriting(store) {
            _ = try store.addSource(bytes: Array("text".utf8), metadata: SourceMetadata(title: "  ", publisher: "P"))
        }
        #expect(refusal?.description.contains("--title") == true)
    }

    @Test func actorSlugsAreLowerCaseLettersDigitsAndHyphens() throws {
        for valid in ["prc", "xi-jinping", "g7", "a-b-c"] {
            #expect(throws: Never.self) { try ActorSlug(validating: valid) }
        }
        for invalid in ["", "Xi", "xi_jinping", "-x", "x-", "a--b", "x y", "é"] {
            #expect(throws: PledgerError.self) { try ActorSlug(validating: invalid) }
        }
    }

    @Test func duplicateActorSlugIsRefusedWithoutWriting() throws {
        let (store, _) = try smallLedger()
        let refusal = try expectRefusedWithoutWriting(store) {
            _ = try store.addActor(slug: slug("alice"), name: "Another Alice", kind: .person)
        }
        #expect(refusal?.description.contains("'alice' already exists") == true)
    }

    @Test func unknownParentIsRefusedWithoutWriting() throws {
        let (store, _) = try smallLedger()
        try expectRefusedWithoutWriting(store) {
            _ = try store.addActor(slug: slug("bob"), name: "Bob", kind: .person, parent: slug("nobody"))
        }
    }

    @Test func commitmentAnchorsItsQuoteAndDefaultsMadeOnToPublication() throws {
        let (store, source) = try smallLedger()
        let commitment = try store.logCommitment(
            CommitmentDraft(promisors: [slug("alice")], promisee: slug("town"), source: source, quote: "fix the bridge by June"))
        #expect(commitment.ref == CommitmentRef(1))
        #expect(commitment.madeOn == (try date("2024-01-10")))
        #expect(commitment.quote.anchor.exact == "fix the bridge by June")
        #expect(commitment.quote.anchor.start == 18)
        #expect(commitment.quote.anchor.end == 40)
        #expect(commitment.summary == "fix the bridge by June")
    }

    @Test func relativeDueDateCountsDaysFromMadeOn() throws {
        let (store, source) = try smallLedger()
        let commitment = try store.logCommitment(
            CommitmentDraft(
                promisors: [slug("alice")], source: source, quote: "fix the bridge", madeOn: date("2023-08-02"),
                due: .afterMade(days: 60)))
        #expect(commitment.dueOn == (try date("2023-10-01")))
        #expect(commitment.due == .afterMade(days: 60))
    }

    @Test func dueBeforeMadeIsRefusedWithoutWriting() throws {
        let (store, source) = try smallLedger()
        let refusal = try expectRefusedWithoutWriting(store) {
            _ = try store.logCommitment(
                CommitmentDraft(
                    promisors: [slug("alice")], source: source, quote: "fix the bridge", madeOn: date("2024-05-01"),
                    due: .on(date("2024-04-30"))))
        }
        #expect(refusal?.description.contains("2024-04-30") == true)
    }

    @Test func unknownPromisorIsRefusedWithoutWriting() throws {
        let (store, source) = try smallLedger()
        let refusal = try expectRefusedWithoutWriting(store) {
            _ = try store.logCommitment(CommitmentDraft(promisors: [slug("nobody")], source: source, quote: "fix the bridge"))
        }
        #expect(refusal?.description.contains("'nobody'") == true)
    }

    @Test func quoteNotInSourceIsRefusedWithoutWriting() throws {
        let (store, source) = try smallLedger()
        let refusal = try expectRefusedWithoutWriting(store) {
            _ = try store.logCommitment(CommitmentDraft(promisors: [slug("alice")], source: source, quote: "build a tunnel"))
        }
        guard case .quoteNotLocated? = refusal else {
            Issue.record("expected quoteNotLocated, got \(String(describing: refusal))")
            return
        }
    }

    @Test func ambiguousQuoteIsRefusedUntilAnOccurrenceIsChosen() throws {
        let (store, source) = try smallLedger()
        try expectRefusedWithoutWriting(store) {
            _ = try store.logCommitment(CommitmentDraft(promisors: [slug("alice")], source: source, quote: "the bridge"))
        }
        let second = try store.logCommitment(
            CommitmentDraft(promisors: [slug("alice")], source: source, quote: "the bridge", occurrence: 2))
        #expect(second.quote.anchor.start == 49)
    }

    @Test func tooManyTagsAreRefusedWithoutWriting() throws {
        let (store, source) = try smallLedger()
        let tags = (0..<10_000).map { "tag\($0)" }
        let refusal = try expectRefusedWithoutWriting(store) {
            _ = try store.logCommitment(CommitmentDraft(promisors: [slug("alice")], source: source, quote: "fix the bridge", tags: tags))
        }
        #expect(refusal?.description.contains("10000 tags") == true)
    }

    @Test func textThatLooksLikeSQLOrMarkupRoundTripsUnchanged() throws {
        let hostile = "Robert'); DROP TABLE entry;-- <script>alert(1)</script> & \"quotes\" \\ back"
        let store = try LedgerStore.inMemory(clock: fixedClock)
        let source = try store.addSource(
            bytes: Array("They said: \(hostile) and left.".utf8), metadata: SourceMetadata(title: hostile, publisher: hostile)
        ).source
        _ = try store.addActor(slug: slug("x"), name: hostile, kind: .group)
        let commitment = try store.logCommitment(
            CommitmentDraft(promisors: [slug("x")], source: source.ref, quote: hostile, summary: hostile, madeOn: date("2024-01-01"), tags: ["<b>' DROP TABLE x--"]))
        #expect(try store.source(source.ref).metadata.title == hostile)
        #expect(try store.actor(slug("x")).name == hostile)
        #expect(commitment.summary == hostile)
        #expect(commitment.quote.anchor.exact == hostile)
        #expect(commitment.tags == ["<b>' DROP TABLE x--"])  // ";" separates tags; see aTagHoldingTheTagSeparatorIsRefused.
        #expect(try store.verify().isEmpty)
    }

    @Test func evidenceDefaultsObservedOnToPublication() throws {
        let (store, source) = try smallLedger()
        let commitment = try store.logCommitment(CommitmentDraft(promisors: [slug("alice")], source: source, quote: "fix the bridge by June"))
        let evidence = try store.attachEvidence(
            EvidenceDraft(commitment: commitment.ref, source: source, quote: "the bridge was fixed", stance: .supports))
        #expect(evidence.ref == EvidenceRef(1))
        #expect(evidence.observedOn == (try date("2024-01-10")))
    }

    @Test func assessmentRefusesNotYetRatedStrangersForeignEvidenceAndEarlyDates() throws {
        let (store, source) = try smallLedger()
        let first = try store.logCommitment(CommitmentDraft(promisors: [slug("alice")], source: source, quote: "fix the bridge by June"))
        let second = try store.logCommitment(
            CommitmentDraft(promisors: [slug("town")], source: source, quote: "the bridge was fixed"))
        let foreign = try store.attachEvidence(
            EvidenceDraft(commitment: second.ref, source: source, quote: "Later", stance: .context))
        try expectRefusedWithoutWriting(store) {
            _ = try store.assess(AssessmentDraft(commitment: first.ref, status: .notYetRated, rationale: "r"))
        }
        try expectRefusedWithoutWriting(store) {
            _ = try store.assess(AssessmentDraft(commitment: first.ref, status: .kept, promisor: slug("town"), rationale: "r"))
        }
        let foreignRefusal = try expectRefusedWithoutWriting(store) {
            _ = try store.assess(AssessmentDraft(commitment: first.ref, status: .kept, evidence: [foreign.ref], rationale: "r"))
        }
        #expect(foreignRefusal?.description.contains("belongs to C2") == true)
        try expectRefusedWithoutWriting(store) {
            _ = try store.assess(
                AssessmentDraft(commitment: first.ref, status: .kept, rationale: "r", effectiveOn: date("2023-12-31")))
        }
        try expectRefusedWithoutWriting(store) {
            _ = try store.assess(AssessmentDraft(commitment: first.ref, status: .kept, rationale: "   "))
        }
    }

    @Test func everyEntryIsCanonicalAndChainedIntoTheRoot() throws {
        let store = try Fixtures.seedLedger(clock: fixedClock)
        let entries = try store.entries()
        #expect(entries.map(\.index) == Array(0..<entries.count))
        for entry in entries {
            #expect(try CanonicalJSON.canonicalize(entry.body) == entry.body)
        }
        #expect(MerkleTree.root(ofLeafHashes: entries.map(\.leafHash)) == (try store.head().rootHash))
    }
}

@Suite struct ImportEntriesTests {
    @Test func importingAWholeLogIntoAnEmptyLedgerReproducesItsRoot() throws {
        let original = try Fixtures.seedLedger(clock: fixedClock)
        let copy = try LedgerStore.emptyInMemory()
        try copy.importEntries(try original.entries())
        #expect(try copy.head() == (try original.head()))
        #expect(try copy.verify().isEmpty)
    }

    @Test func entryOutOfOrderIsRefusedAndNothingIsWritten() throws {
        let original = try Fixtures.seedLedger(clock: fixedClock)
        let copy = try LedgerStore.emptyInMemory()
        let entries = try original.entries()
        #expect(throws: PledgerError.self) { try copy.importEntries([entries[0], entries[2]]) }
        #expect(try copy.head().size == 0)
    }
}
