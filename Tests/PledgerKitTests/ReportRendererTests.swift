import Foundation
import PledgerKit
import PledgerTestSupport
import Testing

/// A ledger whose source text, source title and actor name all carry markup and CSV metacharacters.
private func hostileLedger() throws -> LedgerStore {
    let store = try LedgerStore.inMemory(clock: fixedClock)
    let source = try store.addSource(
        bytes: Array("The mayor said <script>alert(1)</script> we will fix it, \"soon\".\nThen nothing.".utf8),
        metadata: SourceMetadata(
            title: "<script>alert('title')</script> & co", publisher: "P, \"Q\"", url: "javascript:alert(2)",
            publishedOn: date("2024-01-01"))
    ).source.ref
    _ = try store.addActor(slug: slug("mayor"), name: "<script>alert(3)</script>", kind: .person)
    _ = try store.logCommitment(CommitmentDraft(
        promisors: [slug("mayor")], source: source, quote: "<script>alert(1)</script> we will fix it",
        summary: "Fix it, \"soon\"\nfor real"))
    return store
}

/// Splits RFC 4180 text into records of fields.
private func parseCSV(_ text: String) -> [[String]] {
    var records: [[String]] = []
    var record: [String] = []
    var field = ""
    var quoted = false
    var scalars = Array(text.unicodeScalars)[...]
    while let scalar = scalars.popFirst() {
        if quoted {
            if scalar == "\"" {
                if scalars.first == "\"" {
                    field.unicodeScalars.append("\"")
                    scalars = scalars.dropFirst()
                } else {
                    quoted = false
                }
            } else {
                field.unicodeScalars.append(scalar)
            }
        } else if scalar == "\"" {
            quoted = true
        } else if scalar == "," {
            record.append(field)
            field = ""
        } else if scalar == "\r", scalars.first == "\n" {
            scalars = scalars.dropFirst()
            record.append(field)
            records.append(record)
            record = []
            field = ""
        } else {
            field.unicodeScalars.append(scalar)
        }
    }
    return records
}

@Suite struct ReportRendererTests {
    @Test func textMarksAQuoteThatHoldsGuillemetsWithAnotherPair() throws {
        let store = try LedgerStore.inMemory(clock: fixedClock)
        let source = try store.addSource(
            bytes: Array("Он сказал: «Мы выполним обещание». Конец.".utf8),
            metadata: SourceMetadata(title: "T", publisher: "P", publishedOn: try date("2024-01-01"))
        ).source.ref
        _ = try store.addActor(slug: slug("gov"), name: "Gov", kind: .government)
        _ = try store.logCommitment(CommitmentDraft(promisors: [slug("gov")], source: source, quote: "«Мы выполним обещание»"))
        let text = TextReportRenderer().render(try store.complianceReport(asOf: date("2024-02-01")))
        #expect(text.contains("“…Он сказал: ⟦«Мы выполним обещание»⟧. Конец.…”"), "\(text)")
    }

    @Test func htmlEscapesScriptInSourceTextTitleAndActorName() throws {
        let html = HTMLReportRenderer().render(try hostileLedger().complianceReport(asOf: date("2024-02-01")))
        #expect(!html.lowercased().contains("<script"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(html.contains("&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt; &amp; co"))
        #expect(html.contains("&lt;script&gt;alert(3)&lt;/script&gt;"))
        // Only http(s) URLs become links.
        #expect(!html.contains("href=\"javascript:"))
        #expect(html.contains("(javascript:alert(2))"))
        // Self-contained: no external fetches.
        #expect(!html.contains("src=") && !html.contains("<link") && !html.contains("@import"))
    }

    @Test func markdownLinksOnlyWebURLsAndShowsOthersAsText() throws {
        let markdown = MarkdownReportRenderer().render(try hostileLedger().complianceReport(asOf: date("2024-02-01")))
        #expect(!markdown.contains("<javascript:"), "a CommonMark autolink would make it a live link")
        #expect(markdown.contains("javascript"))
    }

    @Test func markdownKeepsMultiLineLedgerTextInsideItsListItem() throws {
        let store = try hostileLedger()
        let evidence = try store.attachEvidence(EvidenceDraft(
            commitment: CommitmentRef(1), source: SourceRef(1), quote: "Then nothing", stance: .contradicts,
            observedOn: date("2024-01-20"), note: "first\n- injected bullet\n1. numbered\n---"))
        _ = try store.assess(AssessmentDraft(
            commitment: CommitmentRef(1), status: .broken, evidence: [evidence.ref], rationale: "One.\n\n# Two",
            effectiveOn: date("2024-01-20")))
        let lines = MarkdownReportRenderer().render(try store.complianceReport(asOf: date("2024-02-01")))
            .split(separator: "\n", omittingEmptySubsequences: false)
        for injected in ["- injected", "1. numbered", "---", "# Two", "for real"] {
            #expect(!lines.contains { $0.hasPrefix(injected) }, "a line starts with \(injected)")
        }
        #expect(lines.contains { $0.hasPrefix("- **E1** observed 2024-01-20. first - injected bullet 1. numbered ---") })
        #expect(lines.contains { $0.hasSuffix("One.  \\# Two\\") })
        #expect(lines.contains("Relies on E1."))
        #expect(lines.contains { $0.hasPrefix("### C1: Fix it, \"soon\" for real") })
    }

    @Test func historyAndLatestAssessmentNameThePartyAPerPartyAssessmentJudged() throws {
        let (store, source) = try smallLedger()
        let commitment = try store.logCommitment(
            CommitmentDraft(promisors: [slug("alice"), slug("town")], source: source, quote: "fix the bridge by June"))
        _ = try store.assess(AssessmentDraft(commitment: commitment.ref, status: .inProgress, rationale: "Started.", effectiveOn: date("2024-02-01")))
        _ = try store.assess(AssessmentDraft(
            commitment: commitment.ref, status: .kept, promisor: slug("town"), rationale: "Town paid.", effectiveOn: date("2024-03-01")))
        let second = try store.logCommitment(
            CommitmentDraft(promisors: [slug("alice"), slug("town")], source: source, quote: "the bridge was fixed"))
        _ = try store.assess(AssessmentDraft(
            commitment: second.ref, status: .stalled, promisor: slug("alice"), evidence: [], rationale: "Alice waits.",
            effectiveOn: date("2024-03-10")))
        _ = try store.assess(AssessmentDraft(
            commitment: second.ref, status: .stalled, promisor: slug("town"), rationale: "Town *waits* too.",
            effectiveOn: date("2024-03-12")))
        let report = try store.complianceReport(asOf: date("2024-04-01"))
        let markdown = MarkdownReportRenderer().render(report).split(separator: "\n")
        #expect(markdown.contains("- 2024-02-01: in-progress (A1, by tester)"))
        #expect(markdown.contains("- 2024-03-01: kept for `town` (A2, by tester)"))
        // Both parties judged alike: the latest of their assessments stands, naming its party.
        #expect(markdown.contains("**Latest assessment** A4 (for Town, stalled, effective 2024-03-12, by tester): Town \\*waits\\* too."))
        let text = TextReportRenderer(width: 200).render(report)
        #expect(text.contains("History: 2024-02-01 in progress (A1) → 2024-03-01 kept for town (A2)"))
    }

    @Test func htmlHighlightsTheExactWordsInTheirContext() throws {
        let html = HTMLReportRenderer().render(try hostileLedger().complianceReport(asOf: date("2024-02-01")))
        #expect(html.contains("<span class=\"ctx\">…The mayor said </span><mark>&lt;script&gt;alert(1)&lt;/script&gt; we will fix it</mark>"))
        #expect(html.contains("<svg class=\"bar-svg\""))
        #expect(html.contains("<figure class=\"timeline\"><svg"))
    }

    @Test func htmlTimelineNamesEachBandWideEnoughToHoldItsStartDay() throws {
        let html = HTMLReportRenderer().render(try Fixtures.seedLedger().complianceReport(asOf: date("2026-01-01")))
        let labels = html.split(separator: "<text ").map { $0.prefix { $0 != "<" } }.dropFirst()
        // C1 stalled on 2024-04-16: a long band; C2 was in progress for five months of two years: too short.
        #expect(labels.contains { $0.hasSuffix(">stalled from 2024-04-16") && $0.contains("fill=\"#1d2330\"") }, "dark on orange")
        #expect(labels.contains { $0.hasSuffix(">kept from 2024-04-16") && $0.contains("fill=\"#fff\"") }, "white on green")
        #expect(labels.contains { $0.hasSuffix(">kept from 2024-04-16") })
        #expect(!labels.contains { $0.hasSuffix(">in progress from 2023-11-15") })
        #expect(html.contains("<title>in progress from 2023-11-15</title>"), "the short band keeps its title")
    }

    /// A year-long commitment due mid-year, with six pieces of evidence observed on one day: five supporting
    /// and one contradicting; the first quote is long.
    private func sameDayEvidenceReport() throws -> ComplianceReport {
        let items = (1...6).map { "Item \($0) delivered." }.joined(separator: " ")
        let long = (1...300).map { "w\($0)" }.joined(separator: " ")
        let (store, source, commitment) = try mayorsCommitment(
            text: "We will open the bridge this year. \(items) Audit: \(long).", published: "2024-01-01",
            quote: "open the bridge this year", due: "2024-01-20")
        for number in 1...6 {
            _ = try store.attachEvidence(EvidenceDraft(
                commitment: commitment, source: source,
                quote: number == 1 ? long : "Item \(number) delivered",
                stance: number == 6 ? .contradicts : .supports, observedOn: date("2024-06-01")))
        }
        return try store.complianceReport(asOf: date("2025-01-01"))
    }

    @Test func htmlTimelineStacksSameDayEvidenceAtItsDayAndCountsIt() throws {
        let html = HTMLReportRenderer().render(try sameDayEvidenceReport())
        let dots = html.split(separator: "<circle ").dropFirst().map { String($0.prefix { $0 != ">" }) }
        #expect(dots.count == 2, "a dot per stance of the day")
        let xs = Set(dots.map { $0.split(separator: "\"")[1] })
        #expect(xs.count == 1, "both at the day's place on the axis: \(dots)")
        #expect(dots[0].contains("cy=\"42\"") && dots[0].contains("#b3261e"), "contradicting on top")
        #expect(dots[1].contains("cy=\"53\"") && dots[1].contains("#1e7b3a"))
        #expect(html.contains("<title>E1, E2, E3, E4, E5 supports, observed 2024-06-01</title></circle><text "))
        #expect(html.contains("font-size=\"10\" fill=\"#1d2330\">5</text>"))
    }

    @Test func textCountsEachStancesEvidenceOrSaysThereIsNone() throws {
        let (store, source, commitment) = try mayorsCommitment(
            text: "We will open the bridge this year. Works began. Works stopped. Works resumed.", published: "2024-01-01",
            quote: "open the bridge this year", due: "2024-12-31")
        let before = TextReportRenderer().render(try store.complianceReport(asOf: date("2024-06-01")))
        #expect(before.contains("\n  Evidence: none.\n"), "\(before)")
        for (quote, stance) in [("Works began", Stance.supports), ("Works stopped", .contradicts), ("Works resumed", .supports)] {
            _ = try store.attachEvidence(EvidenceDraft(
                commitment: commitment, source: source, quote: quote, stance: stance, observedOn: date("2024-02-01")))
        }
        let after = TextReportRenderer().render(try store.complianceReport(asOf: date("2024-06-01")))
        #expect(after.contains("\n  Evidence: 1 contradicting, 2 supporting.\n"), "\(after)")
    }

    @Test func htmlTimelineDotsOfNearbyDaysDoNotCoverEachOther() throws {
        // Evidence every month for a year, on a timeline of six years: 30 days are 8.5 units of the axis.
        let items = (1...12).map { "Item \($0) delivered." }.joined(separator: " ")
        let (store, source, commitment) = try mayorsCommitment(
            text: "We will open the bridge this year. \(items)", published: "2020-01-01",
            quote: "open the bridge this year", due: "2020-12-31")
        for month in 1...12 {
            _ = try store.attachEvidence(EvidenceDraft(
                commitment: commitment, source: source, quote: "Item \(month) delivered", stance: .supports,
                observedOn: try date(String(format: "2020-%02d-15", month))))
        }
        let html = HTMLReportRenderer().render(try store.complianceReport(asOf: date("2026-01-01")))
        let dots = html.split(separator: "<circle ").dropFirst().map { circle in
            let fields = circle.prefix { $0 != ">" }.split(separator: "\"")
            return (x: Double(fields[1]) ?? -1, y: Double(fields[3]) ?? -1)
        }
        #expect(dots.count == 12)
        #expect(Set(dots.map(\.y)).count > 1, "nearby dots use more than one row")
        for (index, dot) in dots.enumerated() {
            for other in dots[(index + 1)...] where other.y == dot.y {
                #expect(abs(other.x - dot.x) >= 12, "dots at x \(dot.x) and \(other.x) on row y \(dot.y) touch")
            }
        }
    }

    @Test func htmlTimelineLabelStartsAfterADueLineItWouldCross() throws {
        let html = HTMLReportRenderer().render(try sameDayEvidenceReport())
        let due = try #require(html.split(separator: "<title>due 2024-01-20</title>").first?.split(separator: "<line x1=\"").last)
        let dueX = try #require(Double(due.prefix { $0 != "\"" }))
        let label = try #require(html.split(separator: ">not yet rated from 2024-01-01</text>").first?.split(separator: "<text x=\"").last)
        let labelX = try #require(Double(label.prefix { $0 != "\"" }))
        #expect(labelX > dueX, "the label (at \(labelX)) starts after the due line (at \(dueX))")
    }

    @Test func htmlMarksLongQuotesSoThatPrintingMayBreakThem() throws {
        let html = HTMLReportRenderer().render(try sameDayEvidenceReport())
        #expect(html.components(separatedBy: "<figure class=\"quote st-supports long\">").count == 2, "only the long one")
        #expect(html.contains(".quote.long { break-inside: auto; }"))
    }

    @Test func csvQuotesCommasQuotesAndNewlines() throws {
        let csv = CSVReportRenderer().render(try hostileLedger().complianceReport(asOf: date("2024-02-01")))
        #expect(csv.hasSuffix("\r\n"))
        #expect(csv.contains("\"Fix it, \"\"soon\"\"\nfor real\""))
        #expect(csv.contains("\"P, \"\"Q\"\"\""))
        let records = parseCSV(csv)
        #expect(records.count == 2)
        #expect(records.allSatisfy { $0.count == CSVReportRenderer.columns.count })
        let row = Dictionary(uniqueKeysWithValues: zip(records[0], records[1]))
        #expect(row["summary"] == "Fix it, \"soon\"\nfor real")
        #expect(row["source_publisher"] == "P, \"Q\"")
        #expect(row["party_name"] == "<script>alert(3)</script>")
        #expect(row["quote"] == "<script>alert(1)</script> we will fix it")
        #expect(row["party_status"] == "not-yet-rated" && row["party_score"] == "")
    }

    @Test func csvHasOneRowPerPartyWithScoreAndChangeColumns() throws {
        let store = try PledgerTestSupportLedger.seed()
        let report = try store.complianceReport(asOf: date("2024-05-01"), since: date("2024-01-01"))
        let records = parseCSV(CSVReportRenderer().render(report))
        let header = records[0]
        #expect(header == CSVReportRenderer.columns + CSVReportRenderer.changeColumns)
        let rows = records.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
        #expect(rows.map { "\($0["commitment"] ?? "") \($0["party"] ?? "")" } == ["C1 xi-jinping", "C2 united-states", "C2 prc", "C3 antony-blinken"])
        #expect(rows.map { $0["party_score"] ?? "?" } == ["-1", "1", "1", ""])
        #expect(rows.map { $0["party_status_on_since"] ?? "?" } == ["not-yet-rated", "in-progress", "in-progress", "unverifiable"])
        #expect(rows[0]["new_evidence"] == "E1;E2;E3")
        #expect(rows[3]["days_overdue"] == "213")
    }

    @Test func textRendererNeutralizesTerminalControlCharacters() throws {
        let (store, source) = try smallLedger()
        _ = try store.logCommitment(CommitmentDraft(
            promisors: [slug("alice")], source: source, quote: "fix the bridge by June", summary: "Bridge"))
        // Actions refuse control characters, but an imported ledger may hold them.
        var report = try store.complianceReport(asOf: date("2024-02-01"))
        report.commitments[0].summary = "Bridge \u{1B}[31mred\u{1B}[0m"
        let text = TextReportRenderer().render(report)
        #expect(!text.contains("\u{1B}"))
        #expect(text.contains("Bridge \u{FFFD}[31mred"))
    }
}

/// The seed case ledger with the fixed clock.
private enum PledgerTestSupportLedger {
    static func seed() throws -> LedgerStore {
        try PledgerTestSupport.Fixtures.seedLedger(clock: fixedClock)
    }
}
