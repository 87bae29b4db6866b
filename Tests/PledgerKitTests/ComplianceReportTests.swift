import Foundation
import PledgerKit
import PledgerTestSupport
import Testing

@Suite struct ComplianceReportTests {
    private func item(_ report: ComplianceReport, _ number: Int) throws -> ComplianceReport.Item {
        try #require(report.commitments.first { $0.ref == CommitmentRef(number) })
    }

    @Test func seedCaseStatusesScoresAndOverdueAsOfToday() throws {
        let store = try Fixtures.seedLedger(clock: fixedClock)
        let report = try store.complianceReport(asOf: date("2026-11-23"))
        #expect(report.commitments.map(\.ref.description) == ["C1", "C2", "C3"])
        #expect(try item(report, 1).status == .stalled)
        #expect(try item(report, 2).status == .kept)
        #expect(try item(report, 2).promisors.map(\.status) == [.kept, .kept])
        #expect(try item(report, 3).status == .unverifiable)
        #expect(try item(report, 3).dueOn == (try date("2023-10-01")))
        #expect(report.overdue == [CommitmentRef(3)])
        // Scored pairs: xi-jinping −1, united-states +1, prc +1; antony-blinken is unverifiable and unscored.
        #expect(report.overall.scored == 3)
        #expect(abs((report.overall.meanScore ?? 0) - 1.0 / 3.0) < 1e-12)
        #expect(abs((report.overall.compliancePercent ?? 0) - 200.0 / 3.0) < 1e-9)
        let xi = try #require(report.actors.first { $0.actor.rawValue == "xi-jinping" })
        #expect(xi.scorecard.compliancePercent == 0)
        let blinken = try #require(report.actors.first { $0.actor.rawValue == "antony-blinken" })
        #expect(blinken.scorecard.meanScore == nil)
        #expect(blinken.scorecard.counts["unverifiable"] == 1)
        #expect(report.stamp.entryCount == (try store.head().size))
        #expect(report.stamp.rootHash == (try store.head().rootHash))
    }

    @Test func evidenceIsGroupedByStanceWithFullCitations() throws {
        let report = try Fixtures.seedLedger(clock: fixedClock).complianceReport(asOf: date("2026-11-23"))
        let xi = try item(report, 1)
        #expect(xi.contradicting.map(\.ref.description) == ["E1", "E2"])
        #expect(xi.context.map(\.ref.description) == ["E3"])
        #expect(xi.supporting.isEmpty)
        let citation = xi.contradicting[0].quote
        #expect(citation.exact == "found no evidence of new criminal enforcement actions")
        #expect(citation.publisher == "The Daily Caller")
        #expect(citation.publishedOn == (try date("2024-04-16")))
        #expect(xi.quote.exact.contains("“dramatically curtail”"))
        #expect(xi.latestAssessment?.evidence.map(\.description) == ["E1", "E2"])
    }

    @Test func asOfDateUsesTheAssessmentsEffectiveThen() throws {
        let store = try Fixtures.seedLedger(clock: fixedClock)
        let beforeAPEC = try store.complianceReport(asOf: date("2023-11-14"))
        #expect(beforeAPEC.commitments.map(\.ref.description) == ["C3"])
        let january = try store.complianceReport(asOf: date("2024-01-01"))
        #expect(try item(january, 1).status == .notYetRated)
        #expect(try item(january, 2).status == .inProgress)
        #expect(try item(january, 2).history.map(\.status) == [.inProgress])
        #expect(try item(january, 1).contradicting.isEmpty)
        let april = try store.complianceReport(asOf: date("2024-04-16"))
        #expect(try item(april, 2).history.map(\.status) == [.inProgress, .kept])
    }

    @Test func overdueStartsTheDayAfterTheDueDate() throws {
        let store = try Fixtures.seedLedger(clock: fixedClock)
        #expect(try item(store.complianceReport(asOf: date("2023-10-01")), 3).overdue == false)
        let dayAfter = try item(store.complianceReport(asOf: date("2023-10-02")), 3)
        #expect(dayAfter.overdue)
        #expect(dayAfter.daysOverdue == 1)
    }

    @Test func settledCommitmentsAreNeverOverdue() throws {
        let (store, source) = try smallLedger()
        let commitment = try store.logCommitment(
            CommitmentDraft(promisors: [slug("alice")], source: source, quote: "fix the bridge by June", due: .on(date("2024-06-30"))))
        #expect(try item(store.complianceReport(asOf: date("2024-07-01")), 1).overdue)
        _ = try store.assess(AssessmentDraft(commitment: commitment.ref, status: .broken, rationale: "No bridge.", effectiveOn: date("2024-07-01")))
        #expect(try item(store.complianceReport(asOf: date("2024-07-01")), 1).overdue == false)
    }

    @Test func perPartyAssessmentOverridesTheWholeCommitmentForThatParty() throws {
        let (store, source) = try smallLedger()
        let commitment = try store.logCommitment(
            CommitmentDraft(promisors: [slug("alice"), slug("town")], source: source, quote: "fix the bridge by June"))
        _ = try store.assess(AssessmentDraft(commitment: commitment.ref, status: .inProgress, rationale: "Started.", effectiveOn: date("2024-02-01")))
        _ = try store.assess(AssessmentDraft(commitment: commitment.ref, status: .kept, promisor: slug("town"), rationale: "Town paid.", effectiveOn: date("2024-03-01")))
        let report = try store.complianceReport(asOf: date("2024-04-01"))
        let reported = try item(report, 1)
        #expect(reported.status == .inProgress)
        #expect(reported.promisors.map(\.status) == [.inProgress, .kept])
        // alice 0, town +1 → mean 0.5 → 75 %.
        #expect(report.overall.meanScore == 0.5)
        #expect(report.overall.compliancePercent == 75)
    }

    @Test func aPledgeEveryPartyWasJudgedToHaveKeptIsKeptAndNotOverdue() throws {
        let (store, source) = try smallLedger()
        let commitment = try store.logCommitment(CommitmentDraft(
            promisors: [slug("alice"), slug("town")], source: source, quote: "fix the bridge by June",
            due: .on(date("2024-01-31"))))
        _ = try store.assess(AssessmentDraft(
            commitment: commitment.ref, status: .kept, promisor: slug("alice"), rationale: "Alice paid.", effectiveOn: date("2024-01-10")))
        let forTown = try store.assess(AssessmentDraft(
            commitment: commitment.ref, status: .kept, promisor: slug("town"), rationale: "Town paid.", effectiveOn: date("2024-01-12")))
        let report = try store.complianceReport(asOf: date("2024-03-01"))
        let reported = try item(report, 1)
        #expect(reported.status == .kept)
        #expect(reported.latestAssessment?.ref == forTown.ref, "the later of the assessments the parties agree by")
        // Each renderer says whom that assessment judged.
        #expect(TextReportRenderer().render(report).contains("Latest assessment A2 (for Town): kept from 2024-01-12"))
        #expect(MarkdownReportRenderer().render(report).contains("**Latest assessment** A2 (for Town, kept, effective 2024-01-12"))
        #expect(HTMLReportRenderer().render(report).contains("A2 for Town, effective <time>2024-01-12</time>"))
        #expect(!reported.overdue && report.overdue.isEmpty)
        #expect(try store.dossier(commitment.ref).status(asOf: try date("2024-01-11")) == .notYetRated, "before the town was judged")
        // A party judged otherwise later ends the agreement: the overall status is the whole-commitment one again.
        _ = try store.assess(AssessmentDraft(
            commitment: commitment.ref, status: .broken, promisor: slug("town"), rationale: "Refunded.", effectiveOn: date("2024-02-10")))
        #expect(try item(store.complianceReport(asOf: date("2024-03-01")), 1).status == .notYetRated)
    }

    @Test func statusChangesFollowTheOverallRuleAndTheTimelineDrawsThem() throws {
        let (store, source) = try smallLedger()
        let commitment = try store.logCommitment(CommitmentDraft(
            promisors: [slug("alice"), slug("town")], source: source, quote: "fix the bridge by June"))
        _ = try store.assess(AssessmentDraft(
            commitment: commitment.ref, status: .kept, promisor: slug("alice"), rationale: "Alice paid.", effectiveOn: date("2024-01-10")))
        _ = try store.assess(AssessmentDraft(
            commitment: commitment.ref, status: .kept, promisor: slug("town"), rationale: "Town paid.", effectiveOn: date("2024-01-12")))
        _ = try store.assess(AssessmentDraft(
            commitment: commitment.ref, status: .broken, promisor: slug("town"), rationale: "Refunded.", effectiveOn: date("2024-02-10")))
        let report = try store.complianceReport(asOf: date("2024-03-01"))
        let reported = try item(report, 1)
        // Kept once both parties were judged to have kept it; not rated again once they disagreed.
        #expect(reported.statusChanges == [
            StatusChange(from: reported.madeOn, status: .notYetRated), StatusChange(from: try date("2024-01-12"), status: .kept),
            StatusChange(from: try date("2024-02-10"), status: .notYetRated),
        ])
        let html = HTMLReportRenderer().render(report)
        #expect(html.contains("<title>kept from 2024-01-12</title>"), "a band for the agreed status")
        // Judged party by party, but not alike: not presented as a pledge no one has checked.
        let unrated = "as of 2024-03-01: its parties are not all judged alike, and no assessment judges the whole commitment."
        #expect(html.contains("<p>No overall status \(unrated)</p>"))
        #expect(MarkdownReportRenderer().render(report).contains("**No overall status** \(unrated)"))
        #expect(TextReportRenderer(width: 200).render(report).contains("  No overall status \(unrated)\n"))
        #expect(!TextReportRenderer().render(report).contains("Not yet rated"))
        #expect(try item(store.complianceReport(asOf: date("2024-01-11")), 1).statusChanges.map(\.status) == [.notYetRated])

        // A later-recorded assessment effective earlier takes its place in time, as it does for `status`.
        let single = try store.logCommitment(CommitmentDraft(promisors: [slug("alice")], source: source, quote: "fix the bridge by June"))
        _ = try store.assess(AssessmentDraft(commitment: single.ref, status: .stalled, rationale: "Stopped.", effectiveOn: date("2024-02-01")))
        _ = try store.assess(AssessmentDraft(commitment: single.ref, status: .inProgress, rationale: "Begun.", effectiveOn: date("2024-01-15")))
        let changes = try item(store.complianceReport(asOf: date("2024-03-01")), 2).statusChanges
        #expect(changes.map(\.status) == [.notYetRated, .inProgress, .stalled])
        #expect(changes.map(\.from).dropFirst() == [try date("2024-01-15"), try date("2024-02-01")])
    }

    @Test func aMultiPartyPledgeIsOverdueWhileAnyPartyStillOwesIt() throws {
        let (store, source) = try smallLedger()
        let commitment = try store.logCommitment(CommitmentDraft(
            promisors: [slug("alice"), slug("town")], source: source, quote: "fix the bridge by June",
            due: .on(date("2024-01-31"))))
        _ = try store.assess(AssessmentDraft(commitment: commitment.ref, status: .broken, rationale: "Collapsed.", effectiveOn: date("2024-01-15")))
        _ = try store.assess(AssessmentDraft(
            commitment: commitment.ref, status: .inProgress, promisor: slug("town"), rationale: "Resumed.", effectiveOn: date("2024-01-20")))
        let report = try store.complianceReport(asOf: date("2024-03-01"))
        let reported = try item(report, 1)
        #expect(reported.status == .broken, "the whole-commitment judgement, as the parties disagree")
        #expect(reported.overdue && reported.daysOverdue == 30)
        #expect(reported.promisors.map(\.overdue) == [false, true])
        #expect(report.overdue == [commitment.ref])
        let dossier = try store.dossier(commitment.ref)
        #expect(CommitmentFilter(overdueOnly: true).matches(dossier, asOf: try date("2024-03-01")), "as `list --overdue` filters")
    }

    /// The order in which a day's judgements are typed must not change what the report says of each party.
    @Test(arguments: [false, true])
    func aPartysOwnJudgementStandsOverAWholeOneOfTheSameDayInEitherOrder(wholeFirst: Bool) throws {
        let (store, source) = try smallLedger()
        let commitment = try store.logCommitment(CommitmentDraft(
            promisors: [slug("alice"), slug("town")], source: source, quote: "fix the bridge by June",
            due: .on(date("2024-01-31"))))
        let day = try date("2024-01-31")
        let whole = AssessmentDraft(commitment: commitment.ref, status: .partiallyKept, rationale: "Half done.", effectiveOn: day)
        let parties = [
            AssessmentDraft(commitment: commitment.ref, status: .kept, promisor: try slug("alice"), rationale: "Alice did.", effectiveOn: day),
            AssessmentDraft(commitment: commitment.ref, status: .broken, promisor: try slug("town"), rationale: "Town did not.", effectiveOn: day),
        ]
        for draft in wholeFirst ? [whole] + parties : parties + [whole] {
            _ = try store.assess(draft)
        }
        let reported = try item(store.complianceReport(asOf: date("2024-02-10")), 1)
        #expect(reported.promisors.map(\.status) == [.kept, .broken])
        #expect(reported.status == .partiallyKept, "the parties disagree: the whole-commitment judgement")
        #expect(!reported.overdue, "both parties have settled it")
    }

    @Test func laterRecordedAssessmentWinsATieOfEffectiveDays() throws {
        let (store, source) = try smallLedger()
        let commitment = try store.logCommitment(CommitmentDraft(promisors: [slug("alice")], source: source, quote: "fix the bridge by June"))
        _ = try store.assess(AssessmentDraft(commitment: commitment.ref, status: .stalled, rationale: "First look.", effectiveOn: date("2024-02-01")))
        _ = try store.assess(AssessmentDraft(commitment: commitment.ref, status: .inProgress, rationale: "Correction.", effectiveOn: date("2024-02-01")))
        #expect(try item(store.complianceReport(asOf: date("2024-02-01")), 1).status == .inProgress)
    }

    @Test func scorecardArithmeticFollowsTheG7Convention() {
        let card = ComplianceReport.Scorecard(statuses: [.kept, .kept, .partiallyKept, .broken, .unverifiable, .withdrawn, .notYetRated, .stalled])
        #expect(card.scored == 5)
        #expect(card.meanScore == 0.0)
        #expect(card.compliancePercent == 50)
        #expect(card.counts["kept"] == 2)
        #expect(card.counts["in-progress"] == 0)
        let empty = ComplianceReport.Scorecard(statuses: [.unverifiable])
        #expect(empty.meanScore == nil && empty.compliancePercent == nil)
    }

    @Test func actorScopeKeepsOnlyThatActorsCommitments() throws {
        let store = try Fixtures.seedLedger(clock: fixedClock)
        let report = try store.complianceReport(asOf: date("2026-11-23"), scope: .init(actor: slug("prc"), tag: nil))
        #expect(report.commitments.map(\.ref.description) == ["C2"])
        #expect(throws: PledgerError.self) {
            try store.complianceReport(asOf: date("2026-11-23"), scope: .init(actor: slug("nobody"), tag: nil))
        }
    }

    @Test func markdownEscapesMarkupFromSourcesAndNames() throws {
        let store = try LedgerStore.inMemory(clock: fixedClock)
        let source = try store.addSource(
            bytes: Array("The mayor said <script>alert(1)</script> we will *fix* it.".utf8),
            metadata: SourceMetadata(title: "<b>Title</b>", publisher: "P|Q", publishedOn: date("2024-01-01"))
        ).source.ref
        _ = try store.addActor(slug: slug("mayor"), name: "<img src=x>", kind: .person)
        _ = try store.logCommitment(CommitmentDraft(promisors: [slug("mayor")], source: source, quote: "<script>alert(1)</script> we will *fix* it"))
        let markdown = MarkdownReportRenderer().render(try store.complianceReport(asOf: date("2024-02-01")))
        // Every "<" from the ledger's text is backslash-escaped, so no tag survives but the report's own.
        let withoutOwnTags = markdown.replacingOccurrences(of: "<strong>", with: "").replacingOccurrences(of: "</strong>", with: "")
        #expect(!withoutOwnTags.replacingOccurrences(of: "\\<", with: "").contains("<"))
        #expect(markdown.contains("\\<script\\>"))
        #expect(markdown.contains("\\*fix\\*"))
        #expect(markdown.contains("P\\|Q"))
    }

    /// A source whose words leave a right-to-left override open, and an actor named in Arabic: the report's
    /// own words after them (the citation, the hash, the slug) must not be reordered.
    private func ledgerWithRightToLeftText() throws -> LedgerStore {
        let store = try LedgerStore.inMemory(clock: fixedClock)
        let source = try store.addSource(
            bytes: Array("The minister said we will \u{202E}build the road\u{2066} this year.".utf8),
            metadata: SourceMetadata(title: "Minutes \u{202E}2024", publisher: "Town", publishedOn: date("2024-01-01"))
        ).source.ref
        _ = try store.addActor(slug: slug("minister"), name: "وزير النقل", kind: .person)
        _ = try store.logCommitment(CommitmentDraft(
            promisors: [slug("minister")], source: source, quote: "we will \u{202E}build the road"))
        return store
    }

    @Test func htmlIsolatesRightToLeftTextAndOpenOverridesFromTheReportsOwnWords() throws {
        let html = HTMLReportRenderer().render(try ledgerWithRightToLeftText().complianceReport(asOf: date("2024-02-01")))
        #expect(html.contains("<bdi>وزير النقل</bdi> <code>minister</code>"))
        // The quote is one passage, in a block of its own: its parts are not isolated one by one.
        #expect(html.contains("<blockquote dir=\"ltr\"><span class=\"ctx\">…The minister said </span><mark>we will \u{202E}build the road</mark><span class=\"ctx\">\u{2066} this year.…</span></blockquote>"))
        #expect(html.contains("“<bdi>Minutes \u{202E}2024</bdi>”"))
        // Attribute values are escaped only: markup there would be part of the value.
        #expect(html.contains("aria-label=\"وزير النقل: "))
        // Left-to-right text is written as it was.
        #expect(html.contains("<span class=\"ctx\">…The minister said </span>"))
    }

    @Test func markdownIsolatesRightToLeftTextAndTheWholeQuote() throws {
        let markdown = MarkdownReportRenderer().render(try ledgerWithRightToLeftText().complianceReport(asOf: date("2024-02-01")))
        #expect(markdown.contains("> \u{2066}…The minister said **we will \u{202E}build the road**\u{2066} this year.…\u{2069}\n"))
        #expect(markdown.contains("> — \u{2068}Minutes \u{202E}2024\u{2069}, Town, 2024-01-01; S1 v1"))
        #expect(markdown.contains("\u{2068}وزير النقل\u{2069}"))
    }

    /// The report, as of 2024-02-01, of a ledger holding one source published 2024-01-01 and one commitment
    /// quoting `quote` in it, by an actor named `promisor`.
    private func oneCommitmentReport(
        source text: String, title: String, publisher: String, url: String? = nil, promisor: String, quote: String
    ) throws -> ComplianceReport {
        let store = try LedgerStore.inMemory(clock: fixedClock)
        let source = try store.addSource(
            bytes: Array(text.utf8),
            metadata: SourceMetadata(title: title, publisher: publisher, url: url, publishedOn: date("2024-01-01"))
        ).source.ref
        _ = try store.addActor(slug: slug("actor"), name: promisor, kind: .person)
        _ = try store.logCommitment(CommitmentDraft(promisors: [slug("actor")], source: source, quote: quote))
        return try store.complianceReport(asOf: date("2024-02-01"))
    }

    @Test func aRightToLeftQuoteKeepsItsPartsInOneBlockInHTML() throws {
        let html = HTMLReportRenderer().render(try oneCommitmentReport(
            source: "قال الوزير سنبني الطريق هذا العام", title: "محضر", publisher: "البلدية", promisor: "Minister",
            quote: "سنبني الطريق"))
        #expect(html.contains("<blockquote dir=\"rtl\"><span class=\"ctx\">…قال الوزير </span><mark>سنبني الطريق</mark><span class=\"ctx\"> هذا العام…</span></blockquote>"))
        #expect(html.contains("<figcaption><bdi>البلدية</bdi>, “<bdi>محضر</bdi>”"))
    }

    @Test func textReportShowsDirectionalFormattingAsReplacementCharacters() throws {
        let text = TextReportRenderer().render(try ledgerWithRightToLeftText().complianceReport(asOf: date("2024-02-01")))
        #expect(!text.unicodeScalars.contains(where: TerminalSafety.isDirectionalFormatting))
        #expect(text.contains("we will \u{FFFD}build the road"))
        #expect(text.contains("“Minutes \u{FFFD}2024”"))
        #expect(text.contains("وزير النقل"))
    }

    @Test func markdownCitesASourceAddressAsAnAutolinkThatCannotEndEarly() throws {
        let markdown = MarkdownReportRenderer().render(try oneCommitmentReport(
            source: "The mayor said we will fix it.", title: "Minutes", publisher: "Town", url: "https://example.org/a>b?c=<d>",
            promisor: "Mayor", quote: "we will fix it"))
        // An autolink holds no "<" and ends at the first ">", so each is percent-encoded.
        #expect(markdown.contains("<https://example.org/a%3Eb?c=%3Cd%3E>"))
    }

    @Test func aQuoteTakesTheDirectionOfItsWordsNotOfTheContextBeforeThem() throws {
        let english = try oneCommitmentReport(
            source: "הכתב מדווח. The minister said שלום to everyone and promised 100 homes. End.", title: "T",
            publisher: "P", promisor: "Minister", quote: "The minister said שלום to everyone and promised 100 homes")
        let arabic = try oneCommitmentReport(
            source: "Reporter in Ramallah writes. وعد الوزير ببناء مستشفى في Gaza قبل نهاية العام. End.", title: "T",
            publisher: "P", promisor: "Minister", quote: "وعد الوزير ببناء مستشفى في Gaza قبل نهاية العام")
        #expect(HTMLReportRenderer().render(english).contains("<blockquote dir=\"ltr\"><span class=\"ctx\">…הכתב מדווח. </span>"))
        #expect(HTMLReportRenderer().render(arabic).contains("<blockquote dir=\"rtl\"><span class=\"ctx\">…Reporter in Ramallah writes. </span>"))
        #expect(MarkdownReportRenderer().render(english).contains("> \u{2066}…הכתב מדווח. **The minister said"))
        #expect(MarkdownReportRenderer().render(arabic).contains("> \u{2067}…Reporter in Ramallah writes. **وعد"))
    }

    @Test func markdownHighlightsAQuoteBetweenCJKLettersAndKeepsEntitiesLiteral() throws {
        let markdown = MarkdownReportRenderer().render(try oneCommitmentReport(
            source: "部长说“我们将在年底前建成新医院”，但没有给出细节。AT&amp;T agreed.", title: "Gov &amp; Co", publisher: "P",
            promisor: "Minister", quote: "“我们将在年底前建成新医院”"))
        // `**` between a CJK letter and “ is not emphasis in CommonMark; a tag is.
        #expect(markdown.contains("…部长说<strong>“我们将在年底前建成新医院”</strong>，但没有给出细节。AT\\&amp;T agreed.…"))
        #expect(markdown.contains("Gov \\&amp; Co"), "an entity in ledger text stays as its characters")
    }

    @Test func markdownPercentEncodesWhatCannotStandInAnAutolink() throws {
        let markdown = MarkdownReportRenderer().render(try oneCommitmentReport(
            source: "The mayor said we will fix it.", title: "Minutes", publisher: "Town",
            url: "https://example.org/a b", promisor: "Mayor", quote: "we will fix it"))
        #expect(markdown.contains("<https://example.org/a%20b>"))
    }

    @Test func jsonReportRoundTripsThroughItsCodableModel() throws {
        let report = try Fixtures.seedLedger(clock: fixedClock).complianceReport(asOf: date("2026-11-23"))
        let json = JSONReportRenderer().render(report)
        let decoded = try JSONDecoder().decode(ComplianceReport.self, from: Data(json.utf8))
        #expect(decoded == report)
        #expect(json.contains("\"schemaVersion\" : 2"))
    }

    /// Schema version 2 gained `statusChanges` after reports had been published in it: they still decode.
    @Test func jsonWrittenBeforeStatusChangesWereAddedStillDecodes() throws {
        let report = try Fixtures.seedLedger(clock: fixedClock).complianceReport(asOf: date("2026-11-23"))
        var object = try #require(
            try JSONSerialization.jsonObject(with: Data(JSONReportRenderer().render(report).utf8)) as? [String: Any])
        let commitments = try #require(object["commitments"] as? [[String: Any]])
        object["commitments"] = commitments.map { item in item.filter { $0.key != "statusChanges" } }
        let older = try JSONSerialization.data(withJSONObject: object)
        #expect(!String(decoding: older, as: UTF8.self).contains("statusChanges"))
        let decoded = try JSONDecoder().decode(ComplianceReport.self, from: older)
        let carriesChanges = decoded.commitments.contains { !$0.statusChanges.isEmpty }
        #expect(!carriesChanges)
        var withoutChanges = report
        for index in withoutChanges.commitments.indices {
            withoutChanges.commitments[index].statusChanges = []
        }
        #expect(decoded == withoutChanges)
    }

    @Test(arguments: ReportFormat.allCases)
    func evidenceAShownAssessmentReliesOnIsListedThoughObservedAfterTheAsOfDay(format: ReportFormat) throws {
        let (store, source, commitment) = try mayorsCommitment(
            text: "The mayor will fix the bridge by March. In May, auditors found the bridge unrepaired. Rain fell.",
            published: "2024-01-05", quote: "fix the bridge by March", due: "2024-03-31")
        let relied = try store.attachEvidence(EvidenceDraft(
            commitment: commitment, source: source, quote: "found the bridge unrepaired", stance: .contradicts,
            observedOn: date("2024-05-10"))).ref
        _ = try store.attachEvidence(EvidenceDraft(
            commitment: commitment, source: source, quote: "Rain fell", stance: .context, observedOn: date("2024-05-11")))
        // Judged in hindsight: broken from the day after the due day, on what auditors found in May.
        _ = try store.assess(AssessmentDraft(
            commitment: commitment, status: .broken, evidence: [relied], rationale: "Not repaired by the due day.",
            effectiveOn: date("2024-04-01")))
        let report = try store.complianceReport(asOf: date("2024-04-15"))
        let reported = try item(report, 1)
        #expect(reported.latestAssessment?.evidence == [relied])
        #expect(reported.contradicting.map(\.ref) == [relied])
        #expect(reported.context.isEmpty, "evidence no shown assessment relies on waits until it is observed")
        // The streamed report, which reads evidence batch by batch (the CSV only its refs), lists the same.
        var streamed = ""
        try store.writeComplianceReport(asOf: date("2024-04-15"), format: format, to: &streamed)
        var whole = ""
        format.write(report, to: &whole)
        let withoutTime = { (text: String) in text.split(separator: "\n").filter { !$0.contains("enerated") } }
        #expect(withoutTime(streamed) == withoutTime(whole))
        #expect(streamed.contains("E1"))
        #expect(!streamed.contains("E2"))
        if format == .html {
            // The timeline reaches the day the relied-on evidence was observed, so that its dot is on it.
            #expect(streamed.contains("Timeline of C1 from 2024-01-05 to 2024-05-10"))
        }
    }
}
