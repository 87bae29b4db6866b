import Foundation
import GRDB
import PledgerTestSupport
import Testing

@testable import PledgerKit

/// `writeComplianceReport` reads each batch's evidence just before rendering it; what it writes must be the
/// very bytes of the report computed whole, in every format and for every way of selecting a report.
struct StreamedReportTests {
    /// A ledger of 230 commitments (several batches) whose statuses and evidence change over 2024, with
    /// two-party pledges, evidence from two sources dated on both sides of the as-of days, and a tag.
    private static func changingLedger(_ store: LedgerStore) throws -> LedgerStore {
        let sentences = (0..<40).map { "Sentence \($0) records promise number \($0) & its <progress>." }
        let first = try store.addSource(
            bytes: Array(sentences.joined(separator: " ").utf8),
            metadata: SourceMetadata(title: "Minutes, \"annotated\"", publisher: "Gazette", publishedOn: try date("2024-01-02"))
        ).source.ref
        let second = try store.addSource(
            bytes: Array("Audit found delays. Audit found payments. Audit found nothing, again.".utf8),
            metadata: SourceMetadata(title: "Audit", publisher: "Office, Inc.", publishedOn: try date("2024-03-01"))
        ).source.ref
        _ = try store.addActor(slug: slug("alice"), name: "Alice", kind: .person)
        _ = try store.addActor(slug: slug("town"), name: "Town", kind: .government)
        let audits = ["Audit found delays", "Audit found payments", "Audit found nothing, again"]
        let statuses: [Status] = [.inProgress, .kept, .stalled, .broken, .partiallyKept]
        for number in 0..<230 {
            let promisors = number % 5 == 0 ? [try slug("alice"), try slug("town")] : [try slug(number % 2 == 0 ? "alice" : "town")]
            let commitment = try store.logCommitment(CommitmentDraft(
                promisors: promisors, source: first, quote: "promise number \(number % 40) &", summary: "Promise \(number)",
                madeOn: try date("2024-01-0\(1 + number % 9)"), due: number % 3 == 0 ? .on(try date("2024-04-30")) : nil,
                tags: number % 4 == 0 ? ["roads"] : []))
            for piece in 0..<(number % 4) {
                _ = try store.attachEvidence(EvidenceDraft(
                    commitment: commitment.ref, source: piece % 2 == 0 ? second : first,
                    quote: piece % 2 == 0 ? audits[(number + piece) % 3] : "Sentence \((number + piece) % 40) records",
                    stance: [Stance.supports, .contradicts, .context][(number + piece) % 3],
                    observedOn: try date("2024-0\(2 + (number + piece) % 6)-15"), note: piece == 1 ? "seen, \"twice\"" : nil))
            }
            if number % 3 != 1 {
                _ = try store.assess(AssessmentDraft(
                    commitment: commitment.ref, status: statuses[number % 5], rationale: "Checked \(number).",
                    effectiveOn: try date("2024-0\(2 + number % 5)-01")))
            }
            if number % 10 == 0 {
                _ = try store.assess(AssessmentDraft(
                    commitment: commitment.ref, status: .kept, promisor: try slug("town"), rationale: "Town paid.",
                    effectiveOn: try date("2024-05-10")))
            }
        }
        return store
    }

    /// The ledger in memory (one connection: one worker reads) and in a file (a pool: every core reads).
    private static let stores = Result {
        let folder = FileManager.default.temporaryDirectory.appending(path: "pledger-streamed-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = try LedgerStore.create(
            at: folder.appending(path: "ledger.sqlite").path, author: "tester", clock: fixedClock)
        return [
            "memory": try changingLedger(try LedgerStore.inMemory(author: "tester", clock: fixedClock)),
            "file": try changingLedger(file),
        ]
    }

    private static func store(_ kind: String) throws -> LedgerStore {
        guard let store = try stores.get()[kind] else { throw PledgerError.notFound(kind) }
        return store
    }

    private struct Selection: Sendable, CustomTestStringConvertible {
        var asOf: String?
        var scope = ComplianceReport.Scope()
        var since: String?
        var asRecorded: RecordedPoint?

        var testDescription: String {
            "as of \(asOf ?? "-"), \(ReportFigures.scopeLine(scope)), since \(since ?? "-"), as recorded \(asRecorded.map { "\($0)" } ?? "-")"
        }
    }

    private static let selections: [Selection] = [
        Selection(asOf: "2024-06-30"),
        Selection(asOf: "2024-03-20"),
        Selection(asOf: "2024-12-31", scope: .init(actor: try? slug("town"))),
        Selection(asOf: "2024-06-30", scope: .init(tag: "roads", status: .kept)),
        // A few commitments spread over the ledger, with evidence: batches read their evidence one commitment
        // at a time, where consecutive commitments are read in one query.
        Selection(asOf: "2024-06-30", scope: .init(status: .stalled)),
        Selection(asOf: "2024-06-30", since: "2024-03-01"),
        Selection(asOf: "2024-06-30", asRecorded: .entryCount(400)),
        Selection(asOf: "2024-06-30", asRecorded: .entryCount(600)),
        Selection(asOf: "2024-06-30", asRecorded: .entryCount(700)),
        Selection(asOf: "2024-06-30", since: "2024-03-01", asRecorded: .entryCount(650)),
    ]

    @Test(arguments: ReportFormat.allCases, selections)
    private func aStreamedReportIsTheReportComputedWhole(format: ReportFormat, selection: Selection) throws {
        for kind in ["memory", "file"] {
            try expectStreamedEqualsWhole(store: Self.store(kind), format: format, selection: selection)
        }
    }

    private func expectStreamedEqualsWhole(store: LedgerStore, format: ReportFormat, selection: Selection) throws {
        let asOf = try selection.asOf.map(date)
        let since = try selection.since.map(date)
        let whole = try store.complianceReport(
            asOf: asOf, scope: selection.scope, since: since, asRecorded: selection.asRecorded)
        #expect(whole.commitments.count > 64 || selection.scope != .init(), "the report spans several batches")
        var expected = ""
        format.write(whole, to: &expected)
        var streamed = ""
        try store.writeComplianceReport(
            asOf: asOf, scope: selection.scope, since: since, asRecorded: selection.asRecorded, format: format,
            to: &streamed)
        #expect(streamed == expected)
    }

    @Test func aStreamedReportRefusesWhatTheWholeReportRefuses() throws {
        let store = try Self.store("file")
        var output = ""
        #expect(throws: PledgerError.self) {
            try store.writeComplianceReport(scope: .init(actor: try slug("nobody")), format: .text, to: &output)
        }
        #expect(output.isEmpty)
    }

    /// A new file ledger of its own in `directory`, for a test that appends to it.
    private static func privateFileStore(in directory: TemporaryDirectory) throws -> LedgerStore {
        try changingLedger(try LedgerStore.create(at: directory.path("ledger.sqlite"), author: "tester", clock: fixedClock))
    }

    /// `report` without its evidence: what a streamed report reads before its workers start.
    private static func outline(of report: ComplianceReport) -> ComplianceReport {
        var outline = report
        for index in outline.commitments.indices {
            outline.commitments[index].supporting = []
            outline.commitments[index].contradicting = []
            outline.commitments[index].context = []
        }
        return outline
    }

    @Test func entriesAppendedAfterTheStampAreLeftOutOfTheReport() throws {
        let directory = try TemporaryDirectory()
        defer { withExtendedLifetime(directory) {} }  // The ledger lives in it until the test ends.
        let store = try Self.privateFileStore(in: directory)
        let report = try store.complianceReport(asOf: try date("2024-06-30"))
        let sources = try store.sources()
        let first = try #require(report.commitments.first)
        _ = try store.attachEvidence(EvidenceDraft(
            commitment: first.ref, source: first.quote.source, quote: "Sentence 7 records", stance: .contradicts,
            observedOn: try date("2024-02-01"), note: "appended while the report was read"))
        _ = try store.assess(AssessmentDraft(
            commitment: first.ref, status: .broken, rationale: "Appended.", effectiveOn: try date("2024-02-02")))
        #expect(try store.head().size > report.stamp.entryCount)

        for format in ReportFormat.allCases {
            var streamed = ""
            try store.writeStreamed(Self.outline(of: report), sources: sources, format: format, to: &streamed)
            var whole = ""
            format.write(report, to: &whole)
            #expect(streamed == whole, "\(format): the report as stamped, without the new evidence")
            #expect(!streamed.contains("appended while the report was read"))
        }
    }

    /// A report reads its assessments and its later commitments on a second connection while it reads the
    /// rest; when the two saw different ledger heads, they are read again as the stamp names the ledger.
    @Test func prefetchedPartsAreReadAgainWhenTheirHeadIsNotTheReports() throws {
        let directory = try TemporaryDirectory()
        defer { withExtendedLifetime(directory) {} }  // The ledger lives in it until the test ends.
        let store = try Self.privateFileStore(in: directory)
        let before = try store.complianceReport(asOf: try date("2024-06-30"))
        let headBefore = try store.head()
        let dossiers = try store.dossiers()
        let assessmentsBefore = dossiers.flatMap(\.assessments).count
        let last = try #require(dossiers.last).commitment.ref.number
        let start = last - last / 3 + 1
        let laterRefs = dossiers.map(\.commitment.ref).filter { $0.number >= start }
        try #require(!laterRefs.isEmpty && laterRefs.count < dossiers.count, "the seed case has commitments on both sides")
        let first = try #require(before.commitments.first)
        _ = try store.assess(AssessmentDraft(
            commitment: first.ref, status: .broken, rationale: "Appended.", effectiveOn: try date("2024-02-02")))
        let appended = try store.logCommitment(CommitmentDraft(
            promisors: [try slug("alice")], source: try #require(try store.sources().first).ref, quote: "promise number 1 &",
            summary: "Appended", madeOn: try date("2024-01-05")))
        #expect(appended.ref.number >= start)
        let headAfter = try store.head()

        // This prefetch reads the ledger with the new assessment and commitment.
        let prefetch = try #require(OutlinePrefetch(store: store, recordedIn: nil, laterCommitments: true))
        let reread = try prefetch.part(stamp: before.stamp, ledgerHead: headBefore, laterCommitmentsStart: start)
        #expect(reread.assessments.count == assessmentsBefore)
        #expect(reread.laterCommitments?.start == start)
        #expect(reread.laterCommitments?.dossiers.map(\.commitment.ref) == laterRefs)
        var after = before.stamp
        after.entryCount = headAfter.size
        after.rootHash = headAfter.rootHash
        let prefetched = try prefetch.part(stamp: after, ledgerHead: headAfter, laterCommitmentsStart: start)
        #expect(prefetched.assessments.count == assessmentsBefore + 1)
        #expect(prefetched.laterCommitments?.dossiers.map(\.commitment.ref) == laterRefs + [appended.ref])
        // A report that read every commitment itself takes none from the prefetch.
        #expect(try prefetch.part(stamp: after, ledgerHead: headAfter, laterCommitmentsStart: nil).laterCommitments == nil)

        // Read again against a stamp the ledger no longer begins with: refused, as the workers refuse it.
        var foreign = before.stamp
        foreign.rootHash = SHA256Hash.digest(of: Array("another ledger".utf8))
        #expect(throws: PledgerError.self) {
            try prefetch.part(stamp: foreign, ledgerHead: headBefore, laterCommitmentsStart: start)
        }
        #expect(
            OutlinePrefetch(store: try LedgerStore.inMemory(), recordedIn: nil, laterCommitments: true) == nil,
            "one connection: no prefetch")
    }

    /// The CSV reads only the refs of the evidence, but refuses a damaged stance as the full read does —
    /// even on evidence observed after the as-of day, which neither report shows.
    /// A CSV of every commitment reads every commitment's evidence refs in one pass, beside the outline; a
    /// report bound to a verification that covered fewer entries must not take refs appended after them.
    @Test func aCSVOfEveryCommitmentListsOnlyTheEvidenceOfTheEntriesItReports() throws {
        let directory = try TemporaryDirectory()
        defer { withExtendedLifetime(directory) {} }  // The ledger lives in it until the test ends.
        let store = try Self.privateFileStore(in: directory)
        let verified = try store.head().size
        let first = try #require(try store.complianceReport(asOf: try date("2024-06-30")).commitments.first)
        let appended = try store.attachEvidence(EvidenceDraft(
            commitment: first.ref, source: first.quote.source, quote: "Sentence 7 records", stance: .contradicts,
            observedOn: try date("2024-02-01"))).ref
        var bound = ""
        try store.writeComplianceReport(
            asOf: try date("2024-06-30"), verifiedEntryCount: verified, format: .csv, to: &bound)
        var asRecorded = ""
        try store.writeComplianceReport(
            asOf: try date("2024-06-30"), asRecorded: .entryCount(verified), format: .csv, to: &asRecorded)
        #expect(bound == asRecorded)
        #expect(!bound.contains(appended.description))
        var current = ""
        try store.writeComplianceReport(asOf: try date("2024-06-30"), format: .csv, to: &current)
        #expect(current.contains(appended.description), "the whole ledger's CSV lists it")
        var whole = ""
        ReportFormat.csv.write(try store.complianceReport(asOf: try date("2024-06-30")), to: &whole)
        #expect(current == whole)
    }

    /// The one-pass CSV indexes commitments by number; numbers out of sequence — only a damaged ledger has
    /// them — must neither crash it nor size a table by them: it reads each commitment's evidence instead.
    @Test(arguments: [Int.max, 3_000_000_000])
    func aCommitmentNumberedOutOfSequenceIsReadOnItsOwn(number: Int) throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("ledger.sqlite")
        _ = try Self.changingLedger(try LedgerStore.create(at: path, author: "tester", clock: fixedClock))
        var damaging = Configuration()
        damaging.foreignKeysEnabled = false  // A damaged file need not keep them.
        let queue = try DatabaseQueue(path: path, configuration: damaging)
        try queue.write { db in
            let last = try Int.fetchOne(db, sql: "SELECT max(id) FROM commitment") ?? 0
            for table in ["commitment_promisor", "commitment_tag", "evidence", "assessment"] {
                try db.execute(sql: "UPDATE \(table) SET commitment_id = ? WHERE commitment_id = ?", arguments: [number, last])
            }
            try db.execute(sql: "UPDATE commitment SET id = ? WHERE id = ?", arguments: [number, last])
        }
        try queue.close()
        let store = try LedgerStore.openForReading(at: path, clock: fixedClock)
        let asOf = try date("2024-06-30")
        var streamed = ""
        try store.writeComplianceReport(asOf: asOf, format: .csv, to: &streamed)
        var whole = ""
        ReportFormat.csv.write(try store.complianceReport(asOf: asOf), to: &whole)
        #expect(streamed == whole)
        #expect(streamed.contains(",C\(number),"))
    }

    @Test func aDamagedStanceStopsTheCSVAsItStopsTheWholeReport() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("ledger.sqlite")
        _ = try Self.changingLedger(try LedgerStore.create(at: path, author: "tester", clock: fixedClock))
        let queue = try DatabaseQueue(path: path)
        let damaged = try queue.write { db in
            let id = try Int.fetchOne(db, sql: "SELECT MAX(id) FROM evidence WHERE observed_on > '2024-03-20'") ?? 0
            try db.execute(sql: "UPDATE evidence SET stance = 'bogus' WHERE id = ?", arguments: [id])
            return id
        }
        try queue.close()
        let store = try LedgerStore.open(at: path, author: "tester", clock: fixedClock)
        let refusal = PledgerError.ledgerUnavailable(
            "the stored stance of evidence E\(damaged) is damaged; run `pledger verify`")
        #expect(throws: refusal) { try store.complianceReport(asOf: try date("2024-03-20")) }
        var csv = ""
        #expect(throws: refusal) {
            try store.writeComplianceReport(asOf: try date("2024-03-20"), format: .csv, to: &csv)
        }
        // A writer's single connection reads the refs per commitment, batch by batch; a reader's pool reads them
        // in one pass, beside the outline, and so refuses before it writes anything.
        let reader = try LedgerStore.openForReading(at: path, clock: fixedClock)
        var onePass = ""
        #expect(throws: refusal) {
            try reader.writeComplianceReport(asOf: try date("2024-03-20"), format: .csv, to: &onePass)
        }
        #expect(onePass.isEmpty)
    }

    /// A filtered report reads a batch's run of commitments in one query when it has few gaps, and passes
    /// over the evidence of the commitments it leaves out without decoding it — as reading each of its own
    /// commitments' evidence would never have read them: damage there does not stop it.
    @Test func aFilteredReportPassesOverTheEvidenceOfCommitmentsItLeavesOut() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("ledger.sqlite")
        _ = try Self.changingLedger(try LedgerStore.create(at: path, author: "tester", clock: fixedClock))
        let asOf = try date("2024-06-30")
        let scope = ComplianceReport.Scope(actor: try slug("town"))
        let reader = try LedgerStore.openForReading(at: path, clock: fixedClock)
        var before = ""
        try reader.writeComplianceReport(asOf: asOf, scope: scope, format: .text, to: &before)
        try reader.closeAfterReading()

        let queue = try DatabaseQueue(path: path)
        let damaged = try queue.write { db in
            // The first piece of evidence of a commitment Town did not make, between two that it did.
            let id = try Int.fetchOne(db, sql: """
                SELECT MIN(id) FROM evidence WHERE commitment_id > 1
                AND commitment_id NOT IN (SELECT commitment_id FROM commitment_promisor WHERE actor_slug = 'town')
                """) ?? 0
            try db.execute(sql: "UPDATE evidence SET stance = 'bogus' WHERE id = ?", arguments: [id])
            return id
        }
        try queue.close()
        try #require(damaged > 0)
        let damagedReader = try LedgerStore.openForReading(at: path, clock: fixedClock)
        var after = ""
        try damagedReader.writeComplianceReport(asOf: asOf, scope: scope, format: .text, to: &after)
        #expect(after == before)
        // The report of every commitment reads that piece, and refuses it.
        var whole = ""
        #expect(throws: PledgerError.ledgerUnavailable("the stored stance of evidence E\(damaged) is damaged; run `pledger verify`")) {
            try damagedReader.writeComplianceReport(asOf: asOf, format: .text, to: &whole)
        }
    }

    @Test func aSourceRevisedAfterTheStampStopsTheReportWhereItFailed() throws {
        let directory = try TemporaryDirectory()
        defer { withExtendedLifetime(directory) {} }  // The ledger lives in it until the test ends.
        let store = try Self.privateFileStore(in: directory)
        let report = try store.complianceReport(asOf: try date("2024-06-30"))
        let sources = try store.sources()
        let audit = try #require(sources.first { $0.metadata.title == "Audit" })
        _ = try store.reviseSource(
            audit.ref, bytes: Array("Preface. Audit found delays. Audit found payments. Audit found nothing, again.".utf8))

        for format in [ReportFormat.json, .csv] {
            var output = ""
            #expect(throws: PledgerError.conflict(
                "a source was revised while the report was read, moving quotes the report cites; run the report again")
            ) {
                try store.writeStreamed(Self.outline(of: report), sources: sources, format: format, to: &output)
            }
            #expect(!output.contains("\"ref\" : \"C1\"") && !output.contains(",C1,"), "\(format): no commitment is written")
            if format == .json {
                #expect(output.contains("\"actors\""), "the opening is written")
                #expect(!output.contains("\"overall\""), "nor the closing: the JSON ends where the report failed")
            }
        }
    }

    @Test(arguments: [(-1, false), (0, true), (1, false)])
    func aLedgerThatNoLongerBeginsWithTheStampedEntriesStopsTheReport(sizeChange: Int, changeRoot: Bool) throws {
        let store = try Self.store("file")
        let report = try store.complianceReport(asOf: try date("2024-06-30"))
        var stamp = report.stamp
        stamp.entryCount += sizeChange
        if changeRoot {
            stamp.rootHash = SHA256Hash.digest(of: Array("another ledger".utf8))
        }
        var outline = Self.outline(of: report)
        outline.stamp = stamp
        for format in [ReportFormat.text, .csv] {
            var output = ""
            #expect(throws: PledgerError.conflict(
                "the ledger no longer begins with the \(stamp.entryCount) entries this report was stamped with; run `pledger verify`")
            ) {
                try store.writeStreamed(outline, sources: try store.sources(), format: format, to: &output)
            }
            #expect(!output.contains("C1 ·") && !output.contains(",C1,"), "\(format): no commitment is written")
        }
    }

    /// Each worker holds a reader connection until the report is done; asking for more workers than the pool
    /// has readers must not leave one waiting forever for a connection.
    @Test func workersNeverOutnumberThePoolsReadersAndStillFinishTheReport() throws {
        let store = try Self.store("file")
        let report = try store.complianceReport(asOf: try date("2024-06-30"))
        let outline = Self.outline(of: report)
        let completion = store.evidenceCompletion(
            asOf: report.asOf, sources: try store.sources(), stamp: report.stamp, workers: 40)
        #expect(completion.workers == Configuration().maximumReaderCount)
        let single = try Self.store("memory")
        #expect(single.evidenceCompletion(asOf: report.asOf, sources: [], stamp: report.stamp, workers: 40).workers == 1)
        var streamed = ""
        JSONReportRenderer().write(outline, to: &streamed, completing: completion)
        #expect(completion.failure == nil)
        var csv = ""
        try store.writeStreamed(outline, sources: try store.sources(), format: .csv, workers: 40, to: &csv)
        #expect(csv == CSVReportRenderer().render(report))
        var whole = ""
        ReportFormat.json.write(report, to: &whole)
        #expect(streamed == whole)
    }

    @Test func everyFormatIsNamedByItsFileExtensions() {
        #expect(ReportFormat(fileExtension: "HTM") == .html)
        #expect(ReportFormat(fileExtension: "md") == .markdown)
        #expect(ReportFormat(fileExtension: "txt") == .text)
        #expect(ReportFormat(fileExtension: "pdf") == nil)
        for format in ReportFormat.allCases {
            #expect(ReportFormat(fileExtension: format.rawValue) == format)
        }
    }
}

/// A ledger opened for writing is one connection; it must still use the write-ahead log, which lets reports
/// read while it appends.
@Suite struct WriterConnectionTests {
    @Test func aLedgerCopiedOutOfWriteAheadLogModeIsPutBackInItWhenOpenedToWrite() throws {
        let folder = FileManager.default.temporaryDirectory.appending(path: "pledger-writer-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appending(path: "ledger.sqlite").path
        _ = try LedgerStore.create(at: path, author: "tester", clock: fixedClock)
        let journalMode = { () throws -> String? in
            let queue = try DatabaseQueue(path: path)
            defer { try? queue.close() }
            return try queue.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
        }
        #expect(try journalMode() == "wal", "created in that mode")
        let copy = try DatabaseQueue(path: path)
        _ = try copy.writeWithoutTransaction { db in try String.fetchOne(db, sql: "PRAGMA journal_mode = DELETE") }
        try copy.close()
        #expect(try journalMode() == "delete")

        let store = try LedgerStore.open(at: path, author: "tester", clock: fixedClock)
        #expect(try journalMode() == "wal")
        _ = try store.addActor(slug: slug("alice"), name: "Alice", kind: .person)
        #expect(try store.head().size == 2)
    }
}
