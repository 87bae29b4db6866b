import Foundation
import PledgerKit
import PledgerTestSupport
import Testing

/// Every renderer's output on the seed case, compared with the files in `Golden/`.
///
/// The ledger is built with a fixed clock, so its root hash and the report's generation time never change.
/// When a renderer changes on purpose, review the diff and regenerate with `PLEDGER_UPDATE_GOLDEN=1 swift test
/// --filter ReportGoldenTests` (see docs/reports.md).
@Suite struct ReportGoldenTests {
    static let renderers: [(String, @Sendable (ComplianceReport) throws -> String)] = [
        ("txt", { TextReportRenderer().render($0) }),
        ("md", { MarkdownReportRenderer().render($0) }),
        ("html", { HTMLReportRenderer().render($0) }),
        ("json", { JSONReportRenderer().render($0) }),
        ("csv", { CSVReportRenderer().render($0) }),
    ]

    @Test(arguments: renderers.map(\.0))
    func seedCaseReportMatchesItsGoldenFile(format: String) throws {
        let report = try Fixtures.seedLedger(clock: fixedClock).complianceReport(asOf: date("2024-05-01"))
        try Golden.check(try render(report, format), named: "seed-case.\(format)")
    }

    @Test(arguments: renderers.map(\.0))
    func seedCaseChangeReportMatchesItsGoldenFile(format: String) throws {
        let report = try Fixtures.seedLedger(clock: fixedClock).complianceReport(
            asOf: date("2024-05-01"), since: date("2024-01-01"))
        try Golden.check(try render(report, format), named: "seed-case-since-2024-01-01.\(format)")
    }

    private func render(_ report: ComplianceReport, _ format: String) throws -> String {
        let renderer = try #require(Self.renderers.first { $0.0 == format }?.1)
        return try renderer(report)
    }
}

/// Golden files next to this source file, read through `#filePath`.
enum Golden {
    static let folder = URL(filePath: #filePath).deletingLastPathComponent().appending(path: "Golden")

    /// Whether goldens are being regenerated (`PLEDGER_UPDATE_GOLDEN=1`).
    static var updating: Bool {
        ProcessInfo.processInfo.environment["PLEDGER_UPDATE_GOLDEN"] == "1"
    }

    static func check(_ actual: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let url = folder.appending(path: name)
        if updating {
            try Data(actual.utf8).write(to: url, options: .atomic)
            return
        }
        guard let expected = FileManager.default.contents(atPath: url.path) else {
            Issue.record("no golden file \(name); create it with PLEDGER_UPDATE_GOLDEN=1 swift test", sourceLocation: sourceLocation)
            return
        }
        let expectedText = String(decoding: expected, as: UTF8.self)
        guard actual != expectedText else { return }
        let actualLines = actual.split(separator: "\n", omittingEmptySubsequences: false)
        let expectedLines = expectedText.split(separator: "\n", omittingEmptySubsequences: false)
        let first = zip(actualLines, expectedLines).enumerated().first { $0.element.0 != $0.element.1 }?.offset
            ?? min(actualLines.count, expectedLines.count)
        let got = first < actualLines.count ? String(actualLines[first]) : "<end>"
        let wanted = first < expectedLines.count ? String(expectedLines[first]) : "<end>"
        Issue.record(
            "\(name) differs at line \(first + 1):\n  got:      \(got)\n  expected: \(wanted)\nIf the change is intended, review it and rerun with PLEDGER_UPDATE_GOLDEN=1.",
            sourceLocation: sourceLocation)
    }
}
