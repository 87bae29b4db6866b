import Foundation
import PledgerKit
import Testing

/// A clock the test moves forward, so that entries are recorded on chosen days.
private final class SteppingClock: @unchecked Sendable {
    private let lock = NSLock()
    private var now = Date(timeIntervalSince1970: 0)

    func set(_ day: String) throws {
        let date = try CalendarDate(validating: day)
        lock.withLock { now = Date(timeIntervalSince1970: Double(date.daysSinceEpoch) * 86_400 + 43_200) }
    }

    var read: @Sendable () -> Date {
        { [self] in lock.withLock { now } }
    }
}

/// A ledger whose statuses change over time, including an assessment recorded after the day it takes effect:
///
/// | recorded   | entry                                                                   |
/// |------------|-------------------------------------------------------------------------|
/// | 2024-01-05 | ledger, source, alice, town; C1 by alice + town, made 01-05, due 03-01  |
/// | 2024-02-01 | A1 C1 in-progress (all) eff. 02-01; E1 supports, observed 02-01         |
/// | 2024-03-10 | A2 C1 kept for town eff. 03-05; C2 by alice, made 03-10                 |
/// | 2024-04-01 | A3 C1 broken for alice eff. 03-20 (backdated); E2 contradicts obs. 03-20|
private func changingLedger() throws -> (LedgerStore, [String: Int]) {
    let clock = SteppingClock()
    try clock.set("2024-01-05")
    let store = try LedgerStore.inMemory(author: "tester", clock: clock.read)
    let source = try store.addSource(
        bytes: Array("Alice and the town promised to fix the bridge by March. Later, the town paid its share. Alice did not.".utf8),
        metadata: SourceMetadata(title: "Town news", publisher: "Gazette", publishedOn: try date("2024-01-05"))
    ).source.ref
    _ = try store.addActor(slug: slug("alice"), name: "Alice", kind: .person)
    _ = try store.addActor(slug: slug("town"), name: "Town", kind: .government)
    let c1 = try store.logCommitment(CommitmentDraft(
        promisors: [slug("alice"), slug("town")], source: source, quote: "fix the bridge by March",
        madeOn: date("2024-01-05"), due: .on(date("2024-03-01")))).ref
    var counts = ["2024-01-05": try store.head().size]
    try clock.set("2024-02-01")
    _ = try store.assess(AssessmentDraft(commitment: c1, status: .inProgress, rationale: "Work started.", effectiveOn: date("2024-02-01")))
    _ = try store.attachEvidence(EvidenceDraft(commitment: c1, source: source, quote: "the town paid its share", stance: .supports, observedOn: date("2024-02-01")))
    counts["2024-02-01"] = try store.head().size
    try clock.set("2024-03-10")
    _ = try store.assess(AssessmentDraft(commitment: c1, status: .kept, promisor: slug("town"), rationale: "Town paid.", effectiveOn: date("2024-03-05")))
    _ = try store.logCommitment(CommitmentDraft(promisors: [slug("alice")], source: source, quote: "Alice did not", madeOn: date("2024-03-10")))
    counts["2024-03-10"] = try store.head().size
    try clock.set("2024-04-01")
    _ = try store.assess(AssessmentDraft(commitment: c1, status: .broken, promisor: slug("alice"), rationale: "Alice never paid.", effectiveOn: date("2024-03-20")))
    _ = try store.attachEvidence(EvidenceDraft(commitment: c1, source: source, quote: "Alice did not", stance: .contradicts, observedOn: date("2024-03-20")))
    counts["2024-04-01"] = try store.head().size
    return (store, counts)
}

private func item(_ report: ComplianceReport, _ number: Int) throws -> ComplianceReport.Item {
    try #require(report.commitments.first { $0.ref == CommitmentRef(number) })
}

@Suite struct ReportClockTests {
    @Test func asOfReadsEffectiveDatesOverTheWholeLog() throws {
        let (store, _) = try changingLedger()
        let february = try store.complianceReport(asOf: date("2024-02-15"))
        #expect(february.commitments.map(\.ref.description) == ["C1"])
        #expect(try item(february, 1).status == .inProgress)
        // The backdated assessment counts from its effective day once it is in the log.
        let march = try item(store.complianceReport(asOf: date("2024-03-25")), 1)
        #expect(march.promisors.map(\.status) == [.broken, .kept])
        #expect(march.status == .inProgress)
    }

    @Test func asRecordedReadsTheLogAsItStoodThen() throws {
        let (store, counts) = try changingLedger()
        let count = try #require(counts["2024-03-10"])
        // On 2024-03-25, the log as recorded on 2024-03-31 did not yet hold Alice's backdated "broken".
        let then = try store.complianceReport(asOf: date("2024-03-25"), asRecorded: .endOfDay(date("2024-03-31")))
        #expect(try item(then, 1).promisors.map(\.status) == [.inProgress, .kept])
        #expect(then.stamp.entryCount == count)
        #expect(then.stamp.rootHash == (try store.asRecorded(entryCount: count).head().rootHash))
        let asRecorded = try #require(then.stamp.asRecorded)
        #expect(asRecorded.entryCount == count)
        #expect(asRecorded.recordedThrough == (try date("2024-03-31")))
        #expect(asRecorded.ledgerEntryCount == (try store.head().size))
        #expect(asRecorded.ledgerRootHash == (try store.head().rootHash))
        // By entry count, and with the as-of day defaulting to the recorded day when one is given.
        let byCount = try store.complianceReport(asOf: date("2024-03-25"), asRecorded: .entryCount(count))
        #expect(byCount.commitments == then.commitments)
        #expect(byCount.stamp.asRecorded?.recordedThrough == nil)
        let byDay = try store.complianceReport(asRecorded: .endOfDay(date("2024-02-01")))
        #expect(byDay.asOf == (try date("2024-02-01")))
        #expect(try item(byDay, 1).status == .inProgress)
        #expect(byDay.stamp.entryCount == counts["2024-02-01"])
        // By count, the as-of day defaults to the day the last of those entries was recorded.
        let byCountOnly = try store.complianceReport(asRecorded: .entryCount(try #require(counts["2024-02-01"])))
        #expect(byCountOnly.asOf == (try date("2024-02-01")))
        #expect(byCountOnly.commitments == byDay.commitments)
    }

    @Test func aReportBoundToAVerificationLeavesOutEntriesAppendedAfterIt() throws {
        let (store, counts) = try changingLedger()
        let verified = try #require(counts["2024-03-10"])
        let asOf = try date("2024-03-25")
        var bound = ""
        try store.writeComplianceReport(asOf: asOf, verifiedEntryCount: verified, format: .json, to: &bound)
        var asRecorded = ""
        try store.writeComplianceReport(asOf: asOf, asRecorded: .entryCount(verified), format: .json, to: &asRecorded)
        let withoutTime = { (text: String) in text.split(separator: "\n").filter { !$0.contains("generatedAt") } }
        #expect(withoutTime(bound) == withoutTime(asRecorded))
        #expect(bound.contains(#""entryCount" : \#(verified)"#))
        // A check that covered the whole log leaves the report as it is.
        var whole = ""
        try store.writeComplianceReport(asOf: asOf, verifiedEntryCount: try store.head().size, format: .json, to: &whole)
        var plain = ""
        try store.writeComplianceReport(asOf: asOf, format: .json, to: &plain)
        #expect(withoutTime(whole) == withoutTime(plain))
        #expect(!whole.contains("ledgerEntryCount"))
    }

    /// An as-recorded report reads the rows the first N entries recorded straight from the store; at every
    /// N it must be the report of the log replayed up to N.
    @Test func aLedgerWithNoEntriesHasNoEarlierStateToRead() throws {
        let store = try LedgerStore.emptyInMemory()
        let refusal = PledgerError.invalidInput("the ledger holds no entries yet, so it has no earlier state to read")
        #expect(throws: refusal) { try store.asRecorded(entryCount: 1) }
        #expect(throws: refusal) { try store.entryCount(at: .entryCount(1)) }
    }

    @Test func anAsRecordedReportIsTheReportOfTheLogReplayedToThatPoint() throws {
        let (store, _) = try changingLedger()
        _ = try store.addActor(slug: slug("county"), name: "County", kind: .government)
        for count in 1...(try store.head().size) {
            for since in [nil, try date("2024-02-15")] {
                let read = try store.complianceReport(asOf: date("2024-06-30"), since: since, asRecorded: .entryCount(count))
                var replayed = try store.asRecorded(entryCount: count).complianceReport(asOf: date("2024-06-30"), since: since)
                #expect(read.stamp.asRecorded?.entryCount == count)
                replayed.stamp.asRecorded = read.stamp.asRecorded
                #expect(read == replayed, "as recorded at \(count) entries, since \(since.map(\.description) ?? "-")")
            }
        }
        // An actor the log held only later is refused, as the replay refuses it.
        #expect(throws: PledgerError.self) {
            try store.complianceReport(scope: .init(actor: slug("county")), asRecorded: .entryCount(6))
        }
    }

    @Test func anAsRecordedReportBeforeASourceRevisionCitesTheQuotesAsTheyWereThen() throws {
        let (store, counts) = try changingLedger()
        let count = try #require(counts["2024-04-01"])
        let source = try #require(try store.sources().first).ref
        _ = try store.reviseSource(
            source,
            bytes: Array("Update. Alice and the town promised to fix the bridge by March. Later, the town paid its share. Alice did not.".utf8))
        let before = try store.complianceReport(asOf: date("2024-06-30"), asRecorded: .entryCount(count))
        var replayed = try store.asRecorded(entryCount: count).complianceReport(asOf: date("2024-06-30"))
        replayed.stamp.asRecorded = before.stamp.asRecorded
        #expect(before == replayed)
        #expect(try item(before, 1).quote.version == 1)
        #expect(try item(store.complianceReport(asOf: date("2024-06-30")), 1).quote.version == 2)
    }

    @Test func recordedDayMapsToTheEntryCountAtTheEndOfThatDay() throws {
        let (store, counts) = try changingLedger()
        #expect(try store.entryCount(recordedThrough: date("2024-01-05")) == counts["2024-01-05"])
        #expect(try store.entryCount(recordedThrough: date("2024-02-20")) == counts["2024-02-01"])
        #expect(try store.entryCount(recordedThrough: date("2030-01-01")) == (try store.head().size))
        let refusal = try #require(throws: PledgerError.self) { try store.entryCount(recordedThrough: date("2024-01-04")) }
        #expect(refusal.description.contains("held no entries at the end of 2024-01-04"))
        #expect(throws: PledgerError.self) { try store.complianceReport(asRecorded: .entryCount(999)) }
    }

    @Test func sinceListsNewCommitmentsPartyMovesAndNewEvidence() throws {
        let (store, _) = try changingLedger()
        let report = try store.complianceReport(asOf: date("2024-04-15"), since: date("2024-02-15"))
        let changes = try #require(report.changes)
        #expect(changes.newCommitments.map(\.commitment.description) == ["C2"])
        #expect(changes.newCommitments.first?.status == .notYetRated)
        // The overall status stays in progress; each party moved its own way.
        let moves = changes.statusMoves.map { "\($0.commitment) \($0.party?.slug.rawValue ?? "all") \($0.before.rawValue)→\($0.after.rawValue) \($0.assessments.map(\.description))" }
        #expect(moves == ["C1 alice in-progress→broken [\"A3\"]", "C1 town in-progress→kept [\"A2\"]"])
        #expect(changes.newEvidence.map(\.evidence.description) == ["E2"])
        #expect(changes.move(of: CommitmentRef(1), party: try slug("town"), partyStatus: .kept)?.before == .inProgress)
        // An earlier window sees the overall move from not yet rated.
        let early = try #require(try store.complianceReport(asOf: date("2024-02-15"), since: date("2024-01-10")).changes)
        #expect(early.statusMoves.map { "\($0.party == nil) \($0.before.rawValue)→\($0.after.rawValue)" } == ["true not-yet-rated→in-progress"])
        #expect(early.newEvidence.map(\.evidence.description) == ["E1"])
    }

    @Test func aMoveThePartiesCausedCitesTheirAssessmentsAndEachPartyKeepsItsOwnStartingStatus() throws {
        let store = try LedgerStore.inMemory(author: "tester", clock: fixedClock)
        let source = try store.addSource(
            bytes: Array("The town and Alice will fix the bridge by June.".utf8),
            metadata: SourceMetadata(title: "News", publisher: "Gazette", publishedOn: try date("2023-12-01"))
        ).source.ref
        for name in ["alice", "town"] {
            _ = try store.addActor(slug: slug(name), name: name.capitalized, kind: .person)
        }
        let commitment = try store.logCommitment(CommitmentDraft(
            promisors: [slug("alice"), slug("town")], source: source, quote: "fix the bridge by June")).ref
        _ = try store.assess(AssessmentDraft(
            commitment: commitment, status: .kept, promisor: slug("alice"), rationale: "Alice paid.", effectiveOn: date("2024-01-10")))
        let byTown = try store.assess(AssessmentDraft(
            commitment: commitment, status: .kept, promisor: slug("town"), rationale: "Town paid.", effectiveOn: date("2024-02-10"))).ref
        let report = try store.complianceReport(asOf: date("2024-03-01"), since: date("2024-02-01"))
        let moves = try #require(report.changes).statusMoves
        #expect(moves.map { "\($0.party?.slug.rawValue ?? "all") \($0.before.rawValue)→\($0.after.rawValue) \($0.assessments)" }
            == ["all not-yet-rated→kept [\(byTown)]"])
        let parties = try #require(report.commitments.first).promisors
        #expect(parties.map(\.statusOnSince) == [.kept, .notYetRated], "Alice had kept it since 2024-01-10")
        let csv = CSVReportRenderer().render(report).split(separator: "\r\n").dropFirst()
        #expect(csv.count == 2)
        #expect(csv.allSatisfy { $0.hasSuffix(",2024-02-01,\($0.contains(",alice,") ? "kept" : "not-yet-rated"),false,") })
    }

    @Test func sinceMustBeBeforeTheAsOfDay() throws {
        let (store, _) = try changingLedger()
        let refusal = try #require(throws: PledgerError.self) {
            try store.complianceReport(asOf: date("2024-02-15"), since: date("2024-02-15"))
        }
        #expect(refusal.description.contains("--since 2024-02-15 is not before the as-of day 2024-02-15"))
    }

    @Test func overdueStartsAfterTheDueDayForEachUnsettledParty() throws {
        let (store, _) = try changingLedger()
        let onDueDay = try item(store.complianceReport(asOf: date("2024-03-01")), 1)
        #expect(onDueDay.overdue == false)
        #expect(onDueDay.promisors.map(\.overdue) == [false, false])
        let dayAfter = try item(store.complianceReport(asOf: date("2024-03-02")), 1)
        #expect(dayAfter.daysOverdue == 1)
        #expect(dayAfter.promisors.map(\.daysOverdue) == [1, 1])
        // Once the town's share is kept, only Alice is overdue; the commitment as a whole still is.
        let afterTown = try item(store.complianceReport(asOf: date("2024-03-06")), 1)
        #expect(afterTown.promisors.map(\.daysOverdue) == [5, nil])
        #expect(afterTown.daysOverdue == 5)
    }

    @Test func scoresCountEachPartyAndSkipUnratedCommitments() throws {
        let (store, _) = try changingLedger()
        let report = try store.complianceReport(asOf: date("2024-04-15"))
        // alice broken −1 and town kept +1 on C1; C2 (alice) is not yet rated and not scored.
        #expect(report.overall.scored == 2)
        #expect(report.overall.meanScore == 0)
        #expect(report.overall.compliancePercent == 50)
        let alice = try #require(report.actors.first { $0.actor.rawValue == "alice" })
        #expect(alice.scorecard.counts["broken"] == 1 && alice.scorecard.counts["not-yet-rated"] == 1)
        #expect(alice.scorecard.compliancePercent == 0)
        let statusScope = try store.complianceReport(asOf: date("2024-04-15"), scope: .init(status: .notYetRated))
        #expect(statusScope.commitments.map(\.ref.description) == ["C2"])
    }
}
