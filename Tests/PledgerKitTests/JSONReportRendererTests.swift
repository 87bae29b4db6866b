import Foundation
@testable import PledgerKit
import PledgerTestSupport
import Testing

/// The hand-written JSON writer against its reference: `PrettyJSON.string` over the report's `Codable` form.
@Suite struct JSONReportRendererTests {
    @Test func seedCaseReportIsByteIdenticalToTheCodableEncoding() throws {
        let report = try Fixtures.seedLedger(clock: fixedClock).complianceReport(asOf: date("2024-05-01"))
        try expectIdentical(report)
    }

    @Test func seedCaseChangeReportIsByteIdenticalToTheCodableEncoding() throws {
        let report = try Fixtures.seedLedger(clock: fixedClock).complianceReport(
            asOf: date("2024-05-01"), since: date("2024-01-01"))
        #expect(report.changes != nil)
        try expectIdentical(report)
    }

    @Test func asRecordedReportWithACheckpointIsByteIdenticalToTheCodableEncoding() throws {
        let store = try Fixtures.seedLedger(clock: fixedClock)
        _ = try store.recordCheckpoint(signer: try NoteSigner.generate(name: "example.org/pledger"))
        _ = try store.addActor(slug: slug("un"), name: "United Nations", kind: .group)
        let byDay = try store.complianceReport(
            asOf: date("2024-05-01"), since: date("2024-01-01"), asRecorded: .endOfDay(date("2026-11-23")))
        #expect(byDay.stamp.asRecorded?.recordedThrough != nil)
        #expect(byDay.stamp.checkpoint != nil)
        try expectIdentical(byDay)
        let byCount = try store.complianceReport(asOf: date("2024-05-01"), asRecorded: .entryCount(store.head().size - 1))
        #expect(byCount.stamp.asRecorded != nil)
        #expect(byCount.stamp.asRecorded?.recordedThrough == nil)
        #expect(byCount.stamp.checkpoint != nil)
        try expectIdentical(byCount)
    }

    @Test func generatedReportsWithHostileTextAreByteIdenticalToTheCodableEncoding() throws {
        var generator = ReportGenerator(seed: 0x5EED_1234, hostile: true)
        for index in 0..<400 {
            let report = try generator.report()
            try expectIdentical(report, "generated report \(index)")
        }
    }

    @Test func generatedReportsDecodeBackToEqualReports() throws {
        var generator = ReportGenerator(seed: 0xDEC0DE, hostile: false)
        for index in 0..<200 {
            let report = try generator.report()
            let json = JSONReportRenderer().render(report)
            let decoded = try JSONDecoder().decode(ComplianceReport.self, from: Data(json.utf8))
            #expect(decoded == report, "generated report \(index)")
        }
    }

    @Test func seedCaseOutputDecodesBackToAnEqualReport() throws {
        let report = try Fixtures.seedLedger(clock: fixedClock).complianceReport(
            asOf: date("2024-05-01"), since: date("2024-01-01"))
        let decoded = try JSONDecoder().decode(ComplianceReport.self, from: Data(JSONReportRenderer().render(report).utf8))
        #expect(decoded == report)
    }

    @Test func writeStreamsTheSameTextInChunks() throws {
        var generator = ReportGenerator(seed: 42, hostile: true, size: 300)
        let report = try generator.report()
        var output = ChunkRecorder()
        JSONReportRenderer().write(report, to: &output)
        #expect(output.chunks.count > 1)
        #expect(output.chunks.joined() == (try PrettyJSON.string(report)))
    }

    private func expectIdentical(
        _ report: ComplianceReport, _ comment: String = "", sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let expected = try PrettyJSON.string(report)
        let actual = JSONReportRenderer().render(report)
        guard actual != expected else { return }
        let mismatch = zip(actual.utf8, expected.utf8).enumerated().first { $0.element.0 != $0.element.1 }?.offset
            ?? min(actual.utf8.count, expected.utf8.count)
        let context = { (text: String) in
            String(decoding: Array(text.utf8).dropFirst(max(0, mismatch - 80)).prefix(160), as: UTF8.self)
        }
        Issue.record(
            "\(comment) differs at byte \(mismatch):\n--- got:\n\(context(actual))\n--- expected:\n\(context(expected))",
            sourceLocation: sourceLocation)
    }
}

/// A text output stream that keeps every piece it is given.
private struct ChunkRecorder: TextOutputStream {
    var chunks: [String] = []
    mutating func write(_ string: String) {
        chunks.append(string)
    }
}

/// Builds pseudo-random reports directly through the model's initializers.
///
/// `hostile` reports also break the invariants decoding checks (slugs, refs, dates and hashes that a
/// decoder refuses), which the encoder passes through as they are; the others stay decodable.
private struct ReportGenerator {
    private var random: SeededGenerator
    private let hostile: Bool
    private let size: Int

    init(seed: UInt64, hostile: Bool, size: Int = 6) {
        random = SeededGenerator(seed: seed)
        self.hostile = hostile
        self.size = size
    }

    /// Pieces that strings are made of: everything `JSONEncoder` escapes, and much that it must not.
    private static let pieces: [String] = {
        var pieces = [
            "", "\"", "\\", "\\\"", "/", "a/b", "\u{7F}", "\u{2028}", "\u{2029}", "</script>", "<!--", "😀",
            "👩‍👩‍👧", "🇫🇷", "e\u{301}", "\u{301}", "é", "\u{FEFF}", "\u{FFFD}", "\u{80}", "\u{9F}", "\u{A0}", "日本語",
            "plain words", "Xi Jinping", "The minister promised to curtail production.", "{}", "[]", ":", ",",
            "\\u0041", "null", "0", "-1",
        ]
        for byte in 0x00...0x1F {
            pieces.append(String(Unicode.Scalar(UInt8(byte))))
        }
        return pieces
    }()

    private static let doubles: [Double] = [
        1.0 / 3, 2.0 / 3, 0, -0.0, -1, 1, 100, 50, 200.0 / 3, 100.0 / 3, 0.5, -0.5, 12.5, 83.33333333333333,
        0.1, 1e-5, 1e-7, 2.5e-5, 1e16, 1e17, 1.5e21, 123_456_789.125, .greatestFiniteMagnitude,
        -.greatestFiniteMagnitude, .leastNormalMagnitude, .leastNonzeroMagnitude, 1.0 / 7,
    ]

    private mutating func int(_ range: ClosedRange<Int>) -> Int {
        Int.random(in: range, using: &random)
    }

    private mutating func chance(_ percent: Int) -> Bool {
        int(1...100) <= percent
    }

    private mutating func pick<T>(_ values: [T]) -> T {
        values[int(0...(values.count - 1))]
    }

    private mutating func text() -> String {
        if chance(30) {
            return pick(["", "Gazette", "A promise kept", "https://example.org/a/b?c=d&e=f"])
        }
        var text = ""
        for _ in 0..<int(0...5) {
            text += pick(Self.pieces)
        }
        return text
    }

    private mutating func optional<T>(_ make: (inout Self) throws -> T) rethrows -> T? {
        chance(50) ? try make(&self) : nil
    }

    private mutating func list<T>(_ maxCount: Int, _ make: (inout Self) throws -> T) rethrows -> [T] {
        let count = chance(25) ? 0 : int(1...maxCount)
        var values: [T] = []
        for _ in 0..<count {
            values.append(try make(&self))
        }
        return values
    }

    private mutating func number() -> Int {
        if hostile && chance(10) {
            return pick([0, -1, Int.min, Int.max, -42])
        }
        return int(0...1_000_000)
    }

    private mutating func refNumber() -> Int {
        hostile && chance(10) ? pick([0, -7, Int.min, Int.max]) : int(1...99_999)
    }

    private mutating func ref<Kind>() -> Ref<Kind> {
        Ref(refNumber())
    }

    private mutating func day() -> CalendarDate {
        // Hostile days include years before 1 and after 9999, whose text a decoder refuses.
        CalendarDate(daysSinceEpoch: hostile && chance(10) ? int(-800_000...3_000_000) : int(-25_000...50_000))
    }

    private mutating func slug() -> ActorSlug {
        hostile && chance(30) ? ActorSlug(trusted: text()) : ActorSlug(trusted: pick(["xi-jinping", "prc", "un", "a1-b2"]))
    }

    private mutating func hash() throws -> SHA256Hash {
        try #require(SHA256Hash(bytes: (0..<32).map { _ in UInt8.random(in: 0...255, using: &random) }))
    }

    private mutating func double() -> Double {
        if hostile && chance(30) {
            // Any finite double, from its bits.
            while true {
                let value = Double(bitPattern: random.next())
                if value.isFinite { return value }
            }
        }
        if chance(30) {
            return Double(int(-1000...1000)) / Double(int(1...97))
        }
        return pick(Self.doubles)
    }

    private mutating func status() -> Status { pick(Status.allCases) }

    private mutating func scorecard() -> ComplianceReport.Scorecard {
        var scorecard = ComplianceReport.Scorecard(statuses: list(8) { $0.status() })
        if hostile && chance(40) {
            var counts: [String: Int] = [:]
            for _ in 0..<int(0...6) {
                counts[text()] = number()
            }
            scorecard.counts = counts
        }
        if chance(50) {
            scorecard.meanScore = optional { $0.double() }
            scorecard.compliancePercent = optional { $0.double() }
            scorecard.scored = number()
        }
        return scorecard
    }

    private mutating func quote() throws -> ComplianceReport.CitedQuote {
        ComplianceReport.CitedQuote(
            source: ref(), title: text(), publisher: text(), publishedOn: optional { $0.day() },
            url: optional { $0.text() }, version: number(), textSHA256: try hash(), start: number(),
            end: number(), exact: text(), prefix: text(), suffix: text())
    }

    private mutating func evidence() throws -> ComplianceReport.CitedEvidence {
        ComplianceReport.CitedEvidence(
            ref: ref(), entryHash: try hash(), observedOn: day(), stance: pick(Stance.allCases),
            note: optional { $0.text() }, quote: try quote())
    }

    private mutating func assessment() throws -> ComplianceReport.AssessmentSummary {
        ComplianceReport.AssessmentSummary(
            ref: ref(), entryHash: try hash(), promisor: optional { $0.slug() }, status: status(), effectiveOn: day(),
            rationale: text(), assessor: text(), evidence: list(4) { $0.ref() })
    }

    private mutating func named() -> ComplianceReport.Named {
        ComplianceReport.Named(slug: slug(), name: text())
    }

    private mutating func item() throws -> ComplianceReport.Item {
        ComplianceReport.Item(
            ref: ref(), entryHash: try hash(), summary: text(),
            promisors: list(3) {
                ComplianceReport.Party(
                    slug: $0.slug(), name: $0.text(), status: $0.status(), overdue: $0.chance(50),
                    daysOverdue: $0.optional { $0.number() })
            },
            promisee: optional { $0.named() }, madeOn: day(), dueOn: optional { $0.day() },
            criteria: optional { $0.text() }, status: status(),
            statusChanges: list(3) { StatusChange(from: $0.day(), status: $0.status()) }, overdue: chance(50),
            daysOverdue: optional { $0.number() }, quote: try quote(),
            latestAssessment: try optional { try $0.assessment() },
            supporting: try list(size) { try $0.evidence() }, contradicting: try list(3) { try $0.evidence() },
            context: try list(3) { try $0.evidence() }, history: try list(3) { try $0.assessment() },
            tags: list(3) { $0.text() })
    }

    private mutating func changes() -> ComplianceReport.Changes {
        ComplianceReport.Changes(
            since: day(),
            newCommitments: list(3) {
                ComplianceReport.NewCommitment(commitment: $0.ref(), summary: $0.text(), madeOn: $0.day(), status: $0.status())
            },
            statusMoves: list(3) {
                ComplianceReport.StatusMove(
                    commitment: $0.ref(), summary: $0.text(), party: $0.optional { $0.named() }, before: $0.status(),
                    after: $0.status(), assessments: $0.list(3) { $0.ref() })
            },
            newEvidence: list(3) {
                ComplianceReport.NewEvidence(
                    evidence: $0.ref(), commitment: $0.ref(), stance: $0.pick(Stance.allCases), observedOn: $0.day(),
                    exact: $0.text())
            })
    }

    mutating func report() throws -> ComplianceReport {
        let asRecorded = try optional {
            ComplianceReport.AsRecorded(
                entryCount: $0.number(), recordedThrough: $0.optional { $0.day() }, ledgerEntryCount: $0.number(),
                ledgerRootHash: try $0.hash())
        }
        return ComplianceReport(
            schemaVersion: hostile && chance(20) ? number() : 2,
            asOf: day(),
            scope: ComplianceReport.Scope(
                actor: optional { $0.slug() }, tag: optional { $0.text() }, status: optional { $0.status() }),
            stamp: ComplianceReport.Stamp(
                entryCount: number(), rootHash: try hash(), generatedAt: text(), asOf: day(), asRecorded: asRecorded,
                checkpoint: optional { $0.text() }),
            overall: scorecard(),
            actors: list(4) { ComplianceReport.ActorScorecard(actor: $0.slug(), name: $0.text(), scorecard: $0.scorecard()) },
            commitments: try list(size) { try $0.item() },
            overdue: list(4) { $0.ref() },
            changes: optional { $0.changes() })
    }
}
