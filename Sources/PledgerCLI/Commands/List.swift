import ArgumentParser
import PledgerKit

extension PledgerCommand {
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List commitments with their status.")

        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var output: FormatOptions

        @Option(
            help: ArgumentHelp(
                "Only commitments with this status: \(Status.allCases.listedSpellings).",
                valueName: "status"),
            completion: .list(Status.allCases.spellings), transform: Parse.status)
        var status: Status?
        @Option(help: ArgumentHelp("Only commitments this actor made or received.", valueName: "actor"), transform: Parse.slug)
        var actor: ActorSlug?
        @Option(help: "Only commitments with this tag.") var tag: String?
        @Flag(help: "Only overdue commitments.") var overdue = false
        @Flag(help: "Only commitments whose quote, or whose evidence's quote, a source revision orphaned.")
        var orphaned = false
        @Option(help: ArgumentHelp("The day statuses are computed for. Defaults to today.", valueName: "date"), transform: Parse.date)
        var asOf: CalendarDate?

        func run() throws {
            let store = try ledger.openStore()
            let day = asOf ?? store.today
            let filter = CommitmentFilter(status: status, actor: actor, tag: tag, overdueOnly: overdue)
            var dossiers = try store.commitments(matching: filter, asOf: day)
            let orphans = try store.orphanedQuotes()
            if orphaned {
                let concerned = Set(orphans.map(\.commitment))
                dossiers = dossiers.filter { concerned.contains($0.commitment.ref) }
            }
            // Counted over the whole ledger, so only said of an unfiltered list, where its advice holds.
            if asOf == nil, filter == CommitmentFilter(), !orphaned, let note = try Describe.laterDatedNote(store, today: day) {
                Output.diagnose(note)
            }
            switch output.format {
            case .json:
                try Output.printJSON(dossiers.map { dossier in
                    var view = CommitmentView(dossier, asOf: day)
                    view.orphanedQuotes = orphans.filter { $0.commitment == dossier.commitment.ref }
                    return view
                })
            case .text:
                guard !dossiers.isEmpty else {
                    Output.print(orphaned ? "No orphaned quotes as of \(day)." : "No commitments match as of \(day).")
                    return
                }
                if orphaned {
                    var table = TextTable("REF", "QUOTE OF", "SOURCE", "ANCHORED IN", "NOT FOUND IN", "BEST SCORE", "QUOTE")
                    for orphan in orphans where dossiers.contains(where: { $0.commitment.ref == orphan.commitment }) {
                        table.append(
                            orphan.commitment.description, orphan.owner, orphan.quote.source.description,
                            "v\(orphan.quote.version)", "v\(orphan.orphanedIn)", String(orphan.bestScore),
                            orphan.quote.anchor.exact.truncated(to: 70))
                    }
                    Output.print(table.render())
                    return
                }
                var table = TextTable("REF", "STATUS", "MADE", "DUE", "OVERDUE", "BY", "SUMMARY")
                for dossier in dossiers {
                    let commitment = dossier.commitment
                    table.append(
                        commitment.ref.description, dossier.status(asOf: day).rawValue, commitment.madeOn.description,
                        commitment.dueOn?.description ?? "—", dossier.daysOverdue(asOf: day).map { Wording.count($0, "day") } ?? "—",
                        Describe.parties(commitment).truncated(to: 40), commitment.summary.truncated(to: 70))
                }
                Output.print(table.render())
            }
        }
    }
}
