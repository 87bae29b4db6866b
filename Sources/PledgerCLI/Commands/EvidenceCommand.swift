import ArgumentParser
import PledgerKit

extension PledgerCommand {
    struct EvidenceCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "evidence",
            abstract: "Attach evidence to commitments.",
            subcommands: [Add.self])
    }
}

extension PledgerCommand.EvidenceCommand {
    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Attach evidence to a commitment, anchoring its quote in a source.")

        @OptionGroup var ledger: WriterOptions
        @OptionGroup var output: FormatOptions

        @Argument(help: ArgumentHelp("The commitment, such as C1.", valueName: "commitment"), transform: Parse.commitmentRef)
        var commitment: CommitmentRef

        @Option(help: ArgumentHelp("The source holding the evidence, such as S2.", valueName: "ref"), transform: Parse.sourceRef)
        var source: SourceRef

        @Option(help: "The evidence's words, as they appear in the source.")
        var quote: String

        @Option(help: ArgumentHelp("Which occurrence of the quote to anchor (1-based).", valueName: "n"), transform: Parse.positive)
        var occurrence: Int?

        @Option(
            help: ArgumentHelp(
                "How the evidence bears on the commitment: \(Stance.allCases.listedSpellings).",
                valueName: "stance"),
            completion: .list(Stance.allCases.spellings), transform: Parse.stance)
        var stance: Stance

        @Option(help: ArgumentHelp("The day of the observation. Defaults to the source's publication day, or today when it has none.", valueName: "date"), transform: Parse.date)
        var observed: CalendarDate?

        @Option(help: "Your note.")
        var note: String?

        func run() throws {
            let evidence = try ledger.openStore().attachEvidence(
                EvidenceDraft(
                    commitment: commitment, source: source, quote: quote, occurrence: occurrence, stance: stance,
                    observedOn: observed, note: note))
            switch output.format {
            case .json:
                try Output.printJSON(evidence)
            case .text:
                Output.print("Attached \(evidence.ref) to \(evidence.commitment) (\(evidence.stance.rawValue), observed \(evidence.observedOn))")
                Output.print("  quote \(Describe.quote(evidence.quote))")
            }
        }
    }
}
