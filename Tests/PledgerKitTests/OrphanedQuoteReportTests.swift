import Foundation
import PledgerTestSupport
import Testing

@testable import PledgerKit

/// A source revision that drops the words a quote cites leaves the quote orphaned in the older version; a
/// published report must say so wherever it cites that quote.
struct OrphanedQuoteReportTests {
    /// C1 and E1 quote a sentence the revision drops; E2 quotes one it keeps.
    private static func revisedLedger() throws -> (store: LedgerStore, entriesBeforeRevision: Int) {
        let store = try LedgerStore.inMemory(author: "tester", clock: fixedClock)
        let source = try store.addSource(
            bytes: Array("The mayor pledged a new bridge. Work began in May. The budget was cut.".utf8),
            metadata: SourceMetadata(title: "Council minutes", publisher: "Gazette")
        ).source.ref
        _ = try store.addActor(slug: slug("mayor"), name: "Mayor", kind: .person)
        let commitment = try store.logCommitment(CommitmentDraft(
            promisors: [slug("mayor")], source: source, quote: "pledged a new bridge", madeOn: date("2024-01-02"))).ref
        _ = try store.attachEvidence(EvidenceDraft(
            commitment: commitment, source: source, quote: "pledged a new bridge", stance: .context,
            observedOn: date("2024-01-03")))
        _ = try store.attachEvidence(EvidenceDraft(
            commitment: commitment, source: source, quote: "Work began in May", stance: .supports,
            observedOn: date("2024-05-02")))
        let before = try store.head().size
        _ = try store.reviseSource(source, bytes: Array("Work began in May. The budget was cut.".utf8))
        return (store, before)
    }

    @Test func aQuoteTheLatestVersionLacksIsMarkedInEveryFormat() throws {
        let (store, _) = try Self.revisedLedger()
        let report = try store.complianceReport(asOf: date("2024-06-30"))
        let item = try #require(report.commitments.first)
        #expect(item.quote.version == 1 && item.quote.orphanedIn == 2)
        #expect(item.context.map(\.quote.orphanedIn) == [2])
        #expect(item.supporting.map(\.quote.version) == [2])
        #expect(item.supporting.map(\.quote.orphanedIn) == [nil])

        for format in [ReportFormat.text, .markdown, .html] {
            var text = ""
            format.write(report, to: &text)
            // The commitment quote and E1: each orphan is marked, and only those (on wrapped lines in text).
            let words = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            let marks = words.components(separatedBy: "(not found again in v2, the source’s latest version)").count - 1
            #expect(marks == 2, "\(format): \(marks) marks")
        }
        var json = ""
        ReportFormat.json.write(report, to: &json)
        #expect(json.components(separatedBy: "\"orphanedIn\" : 2").count - 1 == 2)
        var csv = ""
        ReportFormat.csv.write(report, to: &csv)
        let rows = csv.split(separator: "\r\n")
        #expect(rows.first?.hasSuffix(",entry_hash,quote_orphaned_in") == true)
        #expect(rows.dropFirst().allSatisfy { $0.hasSuffix(",2") })
    }

    @Test func aReportAsRecordedBeforeTheRevisionShowsNoOrphan() throws {
        let (store, before) = try Self.revisedLedger()
        let report = try store.complianceReport(asOf: date("2024-06-30"), asRecorded: .entryCount(before))
        let item = try #require(report.commitments.first)
        #expect(item.quote.orphanedIn == nil)
        #expect((item.context + item.supporting).allSatisfy { $0.quote.version == 1 && $0.quote.orphanedIn == nil })
    }

    @Test func anAsRecordedCountInsideTheRevisionIsRefused() throws {
        let (store, before) = try Self.revisedLedger()
        let after = try store.head().size  // The revision, then a move for each of its three quotes.
        #expect(after == before + 4)
        for inside in (before + 1)..<after {
            #expect(throws: PledgerError.invalidInput(
                "entry count \(inside) ends inside a source revision (entries \(before + 1)–\(after)), which recorded the new version and re-anchored its quotes as one action; pass --as-recorded \(before) or \(after)")
            ) {
                try store.complianceReport(asOf: date("2024-06-30"), asRecorded: .entryCount(inside))
            }
        }
        _ = try store.complianceReport(asOf: date("2024-06-30"), asRecorded: .entryCount(after))
    }
}
