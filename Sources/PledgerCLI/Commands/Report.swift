import ArgumentParser
import Foundation
import PledgerKit

extension PledgerCommand {
    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Generate a compliance status report.",
            discussion: """
                Statuses are those in effect on the as-of day (the latest assessment effective on or before it). \
                --as-recorded reads the ledger as it stood at an earlier point of its log; --since adds what \
                changed after a day. The format is text on a terminal, or follows -o FILE's extension. Each promisor of each commitment is scored once: kept +1; partially kept and in progress 0; \
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
        case text
        case markdown
        case html
        case json
        case csv

        init?(fileExtension: String) {
            switch fileExtension.lowercased() {
            case "txt", "text": self = .text
            case "md", "markdown": self = .markdown
            case "html", "htm": self = .html
            case "json": self = .json
            case "csv": self = .csv
            default: return nil
            }
        }
    }

    @Option(help: ArgumentHelp("The day statuses are computed for (effective dates). Defaults to the --as-recorded day, else today.", valueName: "date"), transform: Parse.date)
    var asOf: CalendarDate?

    @Option(
        help: ArgumentHelp(
            "Read the ledger as it stood when it held N entries, or at the end of a UTC day (recorded order).",
            valueName: "N|date"),
        transform: Parse.recordedPoint)
    var asRecorded: RecordedPoint?

    @Option(help: ArgumentHelp("Also list what changed after this day: new commitments, status moves, new evidence.", valueName: "date"), transform: Parse.date)
    var since: CalendarDate?

    @Option(help: ArgumentHelp("Only this actor's commitments.", valueName: "actor"), transform: Parse.slug)
    var actor: ActorSlug?

    @Option(help: "Only commitments with this tag.")
    var tag: String?

    @Option(help: ArgumentHelp("Only commitments with this overall status on the as-of day.", valueName: "status"))
    var status: Status?

    @Option(help: "Output format. Defaults to the -o file's extension, else text.")
    var format: Format?

    @Option(name: .shortAndLong, help: ArgumentHelp("Write the report to this file instead of stdout (.txt .md .html .json .csv).", valueName: "file"))
    var output: String?

    func validate() throws {
        if format == nil, let output, Format(fileExtension: URL(filePath: output).pathExtension) == nil {
            throw ValidationError(
                "cannot tell the format of '\(output)' from its extension; use .txt, .md, .html, .json or .csv, or pass --format")
        }
    }

    func report(from store: LedgerStore) throws -> ComplianceReport {
        try store.complianceReport(
            asOf: asOf, scope: ComplianceReport.Scope(actor: actor, tag: tag, status: status), since: since,
            asRecorded: asRecorded)
    }

    /// The format to write: `--format`, else the `-o` file's extension, else text.
    var resolvedFormat: Format {
        format ?? output.flatMap { Format(fileExtension: URL(filePath: $0).pathExtension) } ?? .text
    }

    /// Renders `report` and writes it to `-o FILE` or stdout, as it is rendered.
    func emit(_ report: ComplianceReport) throws {
        let resolved = resolvedFormat
        guard let output else {
            var stdout = ChunkedFileOutput(handle: .standardOutput)
            Self.write(report, as: resolved, to: &stdout)
            do {
                try stdout.finish()
            } catch {
                throw PledgerError.invalidInput("cannot write the report to standard output: \(error)")
            }
            return
        }
        try Self.write(report, as: resolved, toFile: output)
        Output.diagnose("Wrote \(resolved.rawValue) report to \(output)")
    }

    static func write(_ report: ComplianceReport, as format: Format, to output: inout some TextOutputStream) {
        switch format {
        case .text: TextReportRenderer().write(report, to: &output)
        case .markdown: MarkdownReportRenderer().write(report, to: &output)
        case .html: HTMLReportRenderer().write(report, to: &output)
        case .json: JSONReportRenderer().write(report, to: &output)
        case .csv: CSVReportRenderer().write(report, to: &output)
        }
    }

    /// Writes the report to `path` through a temporary file beside it, renamed into place when complete, so
    /// that a failed write leaves any earlier file at `path` as it was and no partial report.
    static func write(_ report: ComplianceReport, as format: Format, toFile path: String) throws {
        let target = URL(filePath: path)
        // A new name no one can guess, created exclusively: a planted file or symlink makes this fail rather
        // than be written through.
        let temporary = target.deletingLastPathComponent()
            .appending(path: ".\(target.lastPathComponent).\(UUID().uuidString).partial")
        do {
            let descriptor = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
            guard descriptor >= 0 else {
                throw WriteFailure(code: errno)
            }
            defer { unlink(temporary.path) }
            let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
            var stream = ChunkedFileOutput(handle: handle)
            write(report, as: format, to: &stream)
            try stream.finish()
            guard fsync(descriptor) == 0 else {  // On disk before it takes the earlier report's place.
                throw WriteFailure(code: errno)
            }
            try handle.close()
            guard rename(temporary.path, target.path) == 0 else {
                throw WriteFailure(code: errno)
            }
        } catch {
            throw PledgerError.invalidInput("cannot write the report to \(path): \(error)")
        }
    }
}
