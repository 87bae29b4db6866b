import ArgumentParser
import PledgerKit

extension PledgerCommand {
    struct CommitmentCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "commitment",
            abstract: "Log commitments.",
            subcommands: [Add.self])
    }
}

extension PledgerCommand.CommitmentCommand {
    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Log a commitment, anchoring its quote in a source.",
            discussion: """
                The quote is found in the source's text exactly, or tolerantly: straight and curly quotes, runs \
                of whitespace, dashes and ellipses match each other; case never does. When it occurs several \
                times, choose one with --occurrence. `pledger commitment log` does the same.
                """,
            aliases: ["log"])

        @OptionGroup var ledger: WriterOptions
        @OptionGroup var output: FormatOptions

        @Option(name: .customLong("by"), help: ArgumentHelp("A promisor; repeat for a multi-party pledge.", valueName: "actor"), transform: Parse.slug)
        var promisors: [ActorSlug] = []

        @Option(name: .customLong("to"), help: ArgumentHelp("Who was promised.", valueName: "actor"), transform: Parse.slug)
        var promisee: ActorSlug?

        @Option(help: ArgumentHelp("The source holding the promise's words, such as S1.", valueName: "ref"), transform: Parse.sourceRef)
        var source: SourceRef

        @Option(help: "The promise's words, as they appear in the source.")
        var quote: String

        @Option(help: ArgumentHelp("Which occurrence of the quote to anchor (1-based).", valueName: "n"), transform: Parse.positive)
        var occurrence: Int?

        @Option(help: "The promise in your words. Defaults to the quote.")
        var summary: String?

        @Option(help: ArgumentHelp("The day it was made (YYYY-MM-DD). Defaults to the source's publication day.", valueName: "date"), transform: Parse.date)
        var made: CalendarDate?

        // Unconditional, so that `--due -5d` reaches the check that explains it rather than reading as an option.
        @Option(parsing: .unconditional, help: ArgumentHelp("When it falls due: a date, or days after --made such as +60d.", valueName: "date|+Nd"), transform: Parse.due)
        var due: DueDate?

        @Option(name: .customLong("tag"), help: ArgumentHelp("A tag; repeat for several.", valueName: "tag"))
        var tags: [String] = []

        @Option(help: "What counts as kept.")
        var criteria: String?

        func validate() throws {
            guard !promisors.isEmpty else {
                throw ValidationError("a commitment needs at least one promisor; pass --by ACTOR")
            }
        }

        func run() throws {
            let store = try ledger.openStore()
            let published = try store.source(source).metadata.publishedOn  // Read before anything is written.
            let commitment = try store.logCommitment(
                CommitmentDraft(
                    promisors: promisors, promisee: promisee, source: source, quote: quote, occurrence: occurrence,
                    summary: summary, madeOn: made, due: due, tags: tags, criteria: criteria))
            if let published, commitment.madeOn > published {
                // Logged all the same: a source updated after it appeared may quote a later promise.
                Output.diagnose(
                    "warning: \(commitment.ref) is dated \(commitment.madeOn), after \(source) was published (\(published)); a source cannot quote a promise made after it appeared unless it was updated, so check --made")
            }
            switch output.format {
            case .json:
                try Output.printJSON(commitment)
            case .text:
                Output.print("Logged \(commitment.ref): \(commitment.summary)")
                Output.print("  quote \(Describe.quote(commitment.quote))")
            }
        }
    }
}
