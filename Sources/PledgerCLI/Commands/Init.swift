import ArgumentParser
import PledgerKit

extension PledgerCommand {
    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a new, empty ledger.",
            discussion: "Refuses to touch an existing file. The ledger's first entry, ledger.created, is recorded.")

        @OptionGroup var ledger: WriterOptions

        @Option(help: "A label for the ledger, recorded in its first entry.")
        var label: String?

        func run() throws {
            let store = try ledger.createStore(label: label)
            let head = try store.head()
            Output.print("Created ledger \(ledger.path) (\(head.size) entry, root \(head.rootHash.hex))")
        }
    }
}
