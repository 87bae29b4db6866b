import ArgumentParser
import PledgerKit

extension PledgerCommand {
    struct Search: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Search commitments, quotes, evidence notes, rationales and source texts.",
            discussion: """
                Every word must occur (letter case and accents are ignored); end a word with * to match it as a \
                prefix. Results are ranked by bm25, best first, each with its ref and a snippet in which the \
                matched words are [bracketed].
                """)

        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var output: FormatOptions

        @Argument(help: ArgumentHelp("The words to look for.", valueName: "terms"))
        var terms: [String]

        @Option(help: ArgumentHelp("Show at most this many results.", valueName: "n"), transform: Parse.positive)
        var limit: Int = 20

        func run() throws {
            let hits = try ledger.openStore().search(terms.joined(separator: " "), limit: limit)
            switch output.format {
            case .json:
                try Output.printJSON(hits)
            case .text:
                guard !hits.isEmpty else {
                    Output.print("No matches for \(terms.joined(separator: " ")).")
                    return
                }
                let lines = hits.map { hit in
                    let concerning = hit.commitment.map { $0.description == hit.ref ? "" : " (on \($0))" } ?? ""
                    return "\(hit.ref) \(hit.field)\(concerning): \(hit.snippet.replacingOccurrences(of: "\n", with: " "))"
                }
                Output.print(lines.joined(separator: "\n"))
            }
        }
    }
}
