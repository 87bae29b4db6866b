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
                entry count and Merkle root. The stamp names the log; the tables a report reads are checked \
                against that log by `pledger verify`, or first with --verify.
                """)

        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var selection: ReportOptions

        @Flag(help: "Check the whole ledger first, as `pledger verify` does, and refuse to report if it fails.")
        var verify = false

        func run() throws {
            let store = try ledger.openStore()
            defer { try? store.closeAfterReading() }  // Before the process exits, whatever its threads still hold.
            var verifiedEntryCount: Int?
            if verify {
                if let output = selection.output {
                    try OutputFile.checkDestination(output, writing: "the report")  // Before the long check, not after it.
                }
                // A table edited behind the log would change the report but not its stamp.
                let verification = try store.verification()
                let problems = verification.problems
                if let first = problems.first {
                    throw PledgerError.conflict(
                        "the ledger fails verification (\(Wording.count(problems.count, "problem")); the first: \(first)); run `pledger verify` to see them all — no report was written")
                }
                verifiedEntryCount = verification.entryCount
            }
            try selection.emit { output, format in
                try selection.write(from: store, as: format, verifiedEntryCount: verifiedEntryCount, to: &output)
            }
            // Counted over the whole ledger, so only said of a report of every commitment, where its advice holds.
            if selection.asOf == nil, selection.asRecorded == nil, selection.coversEverything,
                let note = try Describe.laterDatedNote(store, today: store.today)
            {
                Output.diagnose(note)
            }
        }
    }
}

/// How a report is selected and written; shared by `report` and `demo`.
struct ReportOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The day statuses are computed for (effective dates). Defaults to the --as-recorded day (for N, the day the Nth entry was recorded), else today.", valueName: "date"), transform: Parse.date)
    var asOf: CalendarDate?

    @Option(
        parsing: .unconditional,  // So that `--as-recorded -1` is refused as a count, not as a missing value.
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

    @Option(
        help: ArgumentHelp(
            "Only commitments with this overall status on the as-of day: \(Status.allCases.listedSpellings).",
            valueName: "status"),
        completion: .list(Status.allCases.spellings), transform: Parse.status)
    var status: Status?

    @Option(help: "Output format. Defaults to the -o file's extension (a file without a known one needs --format), and to text on stdout.")
    var format: ReportFormat?

    @Option(name: .shortAndLong, help: ArgumentHelp("Write the report to this file instead of stdout (.txt .md .html .json .csv).", valueName: "file"))
    var output: String?

    func validate() throws {
        guard let output else { return }
        let implied = impliedFormat
        if format == nil, implied == nil {
            throw ValidationError(
                "cannot tell the format of '\(output)' from its extension; use .txt, .md, .html, .json or .csv, or pass --format")
        }
        if let format, let implied, format != implied, implied != .text {  // A .txt file may hold any text.
            throw ValidationError(
                "--format \(format.rawValue) does not match '\(output)', whose extension means \(implied.rawValue); drop --format or rename the file")
        }
    }

    /// The report these options select, computed whole (the demo writes it twice).
    func report(from store: LedgerStore) throws -> ComplianceReport {
        try store.complianceReport(asOf: asOf, scope: scope, since: since, asRecorded: asRecorded)
    }

    /// Writes the report these options select, reading the ledger as it renders; with `verifiedEntryCount`,
    /// of no more entries than a verification checked.
    func write(
        from store: LedgerStore, as format: ReportFormat, verifiedEntryCount: Int? = nil,
        to output: inout some TextOutputStream
    ) throws {
        try store.writeComplianceReport(
            asOf: asOf, scope: scope, since: since, asRecorded: asRecorded, verifiedEntryCount: verifiedEntryCount,
            format: format, to: &output)
    }

    /// Whether the report covers every commitment: no actor, tag or status chosen.
    var coversEverything: Bool {
        actor == nil && tag == nil && status == nil
    }

    private var scope: ComplianceReport.Scope {
        ComplianceReport.Scope(actor: actor, tag: tag, status: status)
    }

    /// The format to write: `--format`, else the `-o` file's extension, else text.
    var resolvedFormat: ReportFormat {
        format ?? impliedFormat ?? .text
    }

    /// The format the `-o` file's extension names, if any.
    private var impliedFormat: ReportFormat? {
        output.flatMap { ReportFormat(fileExtension: URL(filePath: $0).pathExtension) }
    }

    /// Writes the report with `write` to `-o FILE` or stdout, as it is rendered.
    func emit(_ write: (inout ChunkedFileOutput, ReportFormat) throws -> Void) throws {
        let resolved = resolvedFormat
        try OutputFile.write("the report", to: output) { try write(&$0, resolved) }
        if let output {
            Output.diagnose("Wrote \(resolved.rawValue) report to \(output)")
        }
    }
}

extension ReportFormat: ExpressibleByArgument {}
