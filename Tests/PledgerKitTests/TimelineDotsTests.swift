@testable import PledgerKit
import Testing

/// The dots of an HTML timeline, grouped without dictionaries, against the grouping they replaced.
struct TimelineDotsTests {
    private static let stanceOrder = HTMLReportRenderer.stanceOrder

    @Test func dotsGoByDayThenStanceWithEachDotsRefsInOrder() {
        let item = Self.item(evidence: [
            (ref: 7, day: 30, stance: .supports), (ref: 2, day: 10, stance: .context),
            (ref: 3, day: 30, stance: .contradicts), (ref: 1, day: 30, stance: .supports),
            (ref: 5, day: 10, stance: .context),
        ])
        let dots = TimelineDots(item, stanceOrder: Self.stanceOrder)
        #expect(dots.count == 5)
        #expect(dots.firstDay == CalendarDate(daysSinceEpoch: 10))
        #expect(dots.lastDay == CalendarDate(daysSinceEpoch: 30))
        #expect(dots.dots.map(\.stance) == [.context, .contradicts, .supports])
        #expect(Self.sameDayRows(dots) == [0, 0, 1], "a day's second stance is drawn on the second row")
        #expect(dots.dots.map { Array($0.refs) } == [[EvidenceRef(2), EvidenceRef(5)], [EvidenceRef(3)], [EvidenceRef(1), EvidenceRef(7)]])
    }

    @Test func aPieceIsDrawnByItsOwnStanceAndRefWhateverListHoldsIt() {
        // A decoded report may file a piece under another stance's list, or out of ref order.
        var item = Self.item(evidence: [(ref: 4, day: 5, stance: .contradicts), (ref: 1, day: 5, stance: .supports)])
        item.supporting.append(item.contradicting.removeFirst())
        item.supporting.reverse()
        let dots = TimelineDots(item, stanceOrder: Self.stanceOrder)
        #expect(dots.dots.map(\.stance) == [.contradicts, .supports])
        #expect(dots.dots.map { Array($0.refs) } == [[EvidenceRef(4)], [EvidenceRef(1)]])
        #expect(Self.sameDayRows(dots) == [0, 1])
    }

    @Test func aCommitmentWithoutEvidenceHasNoDots() {
        let dots = TimelineDots(Self.item(evidence: []), stanceOrder: Self.stanceOrder)
        #expect(dots.dots.isEmpty && dots.count == 0 && dots.firstDay == nil && dots.lastDay == nil)
    }

    @Test(arguments: 0..<20) func dotsAreThoseOfADictionaryOfDaysAndStances(seed: Int) {
        var random = SeededGenerator(seed: UInt64(seed))
        let count = Int.random(in: 0..<40, using: &random)
        let evidence = (0..<count).map { number in
            (ref: number + 1, day: Int.random(in: 0..<6, using: &random), stance: Stance.allCases.randomElement(using: &random) ?? .supports)
        }
        let dots = TimelineDots(Self.item(evidence: evidence), stanceOrder: Self.stanceOrder)

        // The grouping the timeline used before: refs by stance by day, the stances of a day in drawing order.
        var days: [Int: [Stance: [EvidenceRef]]] = [:]
        for piece in evidence.sorted(by: { $0.ref < $1.ref }) {
            days[piece.day, default: [:]][piece.stance, default: []].append(EvidenceRef(piece.ref))
        }
        var expected: [(day: Int, stance: Stance, row: Int, refs: [EvidenceRef])] = []
        for day in days.keys.sorted() {
            let stances = days[day] ?? [:]
            for (row, stance) in Self.stanceOrder.filter({ stances[$0] != nil }).enumerated() {
                expected.append((day, stance, row, stances[stance] ?? []))
            }
        }
        #expect(dots.count == evidence.count)
        #expect(dots.firstDay == evidence.map(\.day).min().map(CalendarDate.init(daysSinceEpoch:)))
        #expect(dots.lastDay == evidence.map(\.day).max().map(CalendarDate.init(daysSinceEpoch:)))
        #expect(dots.dots.count == expected.count)
        for (index, (dot, want)) in zip(dots.dots, expected).enumerated() {
            #expect(dot.day == CalendarDate(daysSinceEpoch: want.day) && dot.stance == want.stance)
            #expect(Self.sameDayRows(dots)[index] == want.row && Array(dot.refs) == want.refs)
        }
    }

    @Test func aDotTooNearTheLastOneOnARowGoesOnTheNextAndRowsAreReusedOnceClear() {
        let item = Self.item(evidence: [
            (ref: 1, day: 0, stance: .supports), (ref: 2, day: 5, stance: .supports),
            (ref: 3, day: 12, stance: .supports), (ref: 4, day: 30, stance: .supports),
            (ref: 5, day: 30, stance: .context),
        ])
        let dots = TimelineDots(item, stanceOrder: Self.stanceOrder)
        #expect(Self.sameDayRows(dots) == [0, 0, 0, 0, 1], "a day apart, only a day's stances stack")
        #expect(dots.dots.map(\.day.daysSinceEpoch) == [0, 5, 12, 30, 30], "no dot moves along the axis")
        // Day 5 is 5 days from day 0; day 12 is clear of day 0 again; day 30's second stance goes below.
        #expect(dots.rows(daysApart: 10, numberedDaysApart: 10, limit: 3) == [0, 1, 0, 0, 1])
    }

    @Test func aNumberedDotKeepsItsRowBusyForItsNumberToo() {
        // Day 0 holds two supporting pieces: its dot is numbered, and day 12 must not cover the number.
        let item = Self.item(evidence: [
            (ref: 1, day: 0, stance: .supports), (ref: 2, day: 0, stance: .supports),
            (ref: 3, day: 12, stance: .supports), (ref: 4, day: 25, stance: .supports),
        ])
        let dots = TimelineDots(item, stanceOrder: Self.stanceOrder)
        #expect(dots.dots.map { $0.refs.count } == [2, 1, 1])
        #expect(dots.rows(daysApart: 10, numberedDaysApart: 20, limit: 3) == [0, 1, 0])
        #expect(dots.rows(daysApart: 10, numberedDaysApart: 10, limit: 3) == [0, 0, 0])
    }

    @Test func whenEveryRowIsTakenADotGoesOnTheRowThatClearedFirst() {
        let item = Self.item(evidence: (0..<5).map { (ref: $0 + 1, day: $0, stance: Stance.supports) })
        let dots = TimelineDots(item, stanceOrder: Self.stanceOrder)
        #expect(dots.rows(daysApart: 10, numberedDaysApart: 10, limit: 3) == [0, 1, 2, 0, 1])
    }

    @Test(arguments: 0..<20) func aDaysStancesNeverShareARow(seed: Int) {
        var random = SeededGenerator(seed: UInt64(seed))
        let evidence = (0..<Int.random(in: 1..<40, using: &random)).map { number in
            (ref: number + 1, day: Int.random(in: 0..<30, using: &random), stance: Stance.allCases.randomElement(using: &random) ?? .supports)
        }
        let dots = TimelineDots(Self.item(evidence: evidence), stanceOrder: Self.stanceOrder)
        let rows = dots.rows(daysApart: Int.random(in: 1..<20, using: &random), numberedDaysApart: 25, limit: 3)
        for index in dots.dots.indices.dropFirst() where dots.dots[index].day == dots.dots[index - 1].day {
            #expect(rows[index] != rows[index - 1], "\(dots.dots[index].day): two stances on row \(rows[index])")
        }
        #expect(rows.allSatisfy { (0..<3).contains($0) })
    }

    /// The rows of dots a day apart: only a day's stances stack.
    private static func sameDayRows(_ dots: TimelineDots) -> [Int] {
        dots.rows(daysApart: 1, numberedDaysApart: 1, limit: 3)
    }

    /// An item whose evidence is filed by stance in ref order, as a report files it.
    private static func item(evidence: [(ref: Int, day: Int, stance: Stance)]) -> ComplianceReport.Item {
        let quote = ComplianceReport.CitedQuote(
            source: SourceRef(1), title: "T", publisher: "P", publishedOn: nil, url: nil, version: 1,
            textSHA256: SHA256Hash.digest(of: Array("text".utf8)), start: 0, end: 4, exact: "text", prefix: "", suffix: "")
        var item = ComplianceReport.Item(
            ref: CommitmentRef(1), entryHash: SHA256Hash.digest(of: [UInt8]()), summary: "S", promisors: [], promisee: nil,
            madeOn: CalendarDate(daysSinceEpoch: 0), dueOn: nil, criteria: nil, status: .notYetRated,
            statusChanges: [], overdue: false, daysOverdue: nil, quote: quote, latestAssessment: nil,
            supporting: [], contradicting: [], context: [], history: [], tags: [])
        for piece in evidence.sorted(by: { $0.ref < $1.ref }) {
            let cited = ComplianceReport.CitedEvidence(
                ref: EvidenceRef(piece.ref), entryHash: SHA256Hash.digest(of: [UInt8]()), observedOn: CalendarDate(daysSinceEpoch: piece.day),
                stance: piece.stance, note: nil, quote: quote)
            switch piece.stance {
            case .supports: item.supporting.append(cited)
            case .contradicts: item.contradicting.append(cited)
            case .context: item.context.append(cited)
            }
        }
        return item
    }
}
