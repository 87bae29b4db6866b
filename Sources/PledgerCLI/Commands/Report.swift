import ArgumentParser
import Foundation
import PledgerKit

extension PledgerCommand {
    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Generate a compliance status report.",
            discussion: """
                Statuses are those in effect on the as-of day (the latest assessment effective on or before it). \
                Each promisor of each commitment is scored once: kept +1; partially kept and in progress 0; \
                stalled and broken −1; compliance = (mean + 1) / 2 × 100. The report is stamped with the ledger's \
                entry count and Merkle root.
                """)

        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var selection: ReportOptions

        func run() throws {
            let store = try ledger.openStore()
            try selection.emit(try selection.report(from: store))
        }
    }
}

/// How a report is selected and written; shared by `report` and `demo`.
struct ReportOptions: ParsableArguments {
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case markdown
        case json

        init?(fileExtension: String) {
            switch fileExtension.lowercased() {
            case "md", "markdown": self = .markdown
            case "json": self = .json
            default: return nil
            }
        }
    }

    @Option(help: ArgumentHelp("The day statuses are computed for. Defaults to today.", valueName: "date"), transform: Parse.date)
    var asOf: CalendarDate?

    @Option(help: ArgumentHelp("Only this actor's commitments.", valueName: "actor"), transform: Parse.slug)
    var actor: ActorSlug?

    @Option(help: "Only commitments with this tag.")
    var tag: String?

    @Option(help: "Output format. Defaults to the -o file's extension, else markdown.")
    var format: Format?

    @Option(name: .shortAndLong, help: ArgumentHelp("Write the report to this file instead of stdout.", valueName: "file"))
    var output: String?

    func validate() throws {
        if format == nil, let output, Format(fileExtension: URL(filePath: output).pathExtension) == nil {
            throw ValidationError("cannot tell the format of '\(output)' from its extension; use .md or .json, or pass --format")
        }
    }

    func report(from store: LedgerStore) throws -> ComplianceReport {
        try store.complianceReport(asOf: asOf, scope: ComplianceReport.Scope(actor: actor, tag: tag))
    }

    /// Renders `report` and writes it to `-o FILE` or stdout.
    func emit(_ report: ComplianceReport) throws {
        let resolved = format ?? output.flatMap { Format(fileExtension: URL(filePath: $0).pathExtension) } ?? .markdown
        let text = switch resolved {
        case .markdown: MarkdownReportRenderer().render(report)
        case .json: try JSONReportRenderer().render(report)
        }
        guard let output else {
            Output.print(text)
            return
        }
        do {
            try Data(text.utf8).write(to: URL(filePath: output), options: .atomic)
        } catch {
            throw PledgerError.invalidInput("cannot write the report to \(output): \(error.localizedDescription)")
        }
        Output.diagnose("Wrote \(resolved.rawValue) report to \(output)")
    }
}
