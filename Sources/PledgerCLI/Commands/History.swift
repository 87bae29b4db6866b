import ArgumentParser
import PledgerKit

extension PledgerCommand {
    struct History: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show the ledger entries that recorded a commitment, its evidence and its assessments, and re-anchored its quotes.")

        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var output: FormatOptions

        @Argument(help: ArgumentHelp("The commitment, such as C1.", valueName: "commitment"), transform: Parse.commitmentRef)
        var commitment: CommitmentRef

        func run() throws {
            try EntryListing.print(try ledger.openStore().history(of: commitment), format: output.format)
        }
    }

    struct Log: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show the ledger's entries in order.")

        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var output: FormatOptions

        @Option(help: ArgumentHelp("The first entry index to show.", valueName: "index"))
        var from = 0

        @Option(help: ArgumentHelp("Show at most this many entries.", valueName: "n"), transform: Parse.positive)
        var limit: Int?

        func validate() throws {
            guard from >= 0 else {
                throw ValidationError("--from \(from) is not an entry index; entries are numbered from 0")
            }
        }

        func run() throws {
            let store = try ledger.openStore()
            let size = try store.head().size
            guard from < size || size == 0 else {
                throw PledgerError.invalidInput(
                    "--from \(from) is past the end: the ledger holds \(Wording.entries(size)), numbered 0 to \(size - 1)")
            }
            try EntryListing.print(try store.entries(from: from, limit: limit), format: output.format)
        }
    }
}

/// Prints ledger entries as a table or as JSON.
enum EntryListing {
    static func print(_ entries: [LedgerEntry], format: OutputFormat) throws {
        switch format {
        case .json:
            try Output.printJSON(entries)
        case .text:
            var table = TextTable("INDEX", "RECORDED", "AUTHOR", "KIND", "LEAF HASH", "WHAT")
            for entry in entries {
                table.append(
                    String(entry.index), entry.recordedAt, entry.author.truncated(to: 16), entry.event.kind.rawValue,
                    String(entry.leafHash.hex.prefix(12)), Describe.entry(entry).truncated(to: 90))
            }
            Output.print(table.render())
        }
    }
}
