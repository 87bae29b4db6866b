import ArgumentParser
import Foundation
import PledgerKit

extension PledgerCommand {
    struct Demo: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Build the seed case's ledger and print its compliance report.",
            discussion: """
                Records the seed case (fixtures/seed-case/case.json: Xi Jinping's November 2023 fentanyl pledge, \
                the US–PRC working group, the lawmakers' letter to Blinken) through the same calls the other \
                commands make, into ./pledger-demo.sqlite, then prints the report and writes it as HTML to \
                ./pledger-demo-report.html. Rerunning replaces a ledger that an earlier demo made, unless someone added to it since, and \
                refuses to touch any other file.
                """)

        static let label = "seed case demo"
        /// The author of every entry a demo records.
        static let author = "pledger demo"

        @Option(help: ArgumentHelp("The ledger file to build.", valueName: "path"))
        var db = "pledger-demo.sqlite"

        @Option(help: ArgumentHelp("The folder holding case.json and its source texts.", valueName: "dir"))
        var fixtures = "fixtures/seed-case"

        @Option(help: ArgumentHelp("Where to write the HTML report of the case.", valueName: "file"))
        var html = "pledger-demo-report.html"

        @OptionGroup var selection: ReportOptions

        func run() throws {
            // Checked before anything is built: the HTML must not land on a ledger, least of all this one.
            guard URL(filePath: html).standardizedFileURL != URL(filePath: db).standardizedFileURL else {
                throw PledgerError.invalidInput("--html and --db name the same file; pass another --html path")
            }
            try OutputFile.checkDestination(html, writing: "the HTML report")
            let folder = URL(filePath: fixtures)
            let caseURL = folder.appending(path: "case.json")
            guard let caseData = FileManager.default.contents(atPath: caseURL.path) else {
                throw PledgerError.notFound(
                    "no case file at \(caseURL.path); run from the repository root, or pass --fixtures with the folder that holds case.json (fixtures/seed-case in the repository)")
            }
            let caseFile: CaseFile
            do {
                caseFile = try JSONDecoder().decode(CaseFile.self, from: caseData)
            } catch {
                throw PledgerError.invalidInput("\(caseURL.path) is not a valid case file: \(error)")
            }
            try removePreviousDemo()
            let store = try LedgerStore.create(at: db, author: Self.author, label: Self.label, clock: LedgerOptions.clock)
            try store.load(caseFile) { file in
                try InputFile.read(folder.appending(path: file).path)
            }
            let head = try store.head()
            Output.diagnose("Built \(db): \(Wording.entries(head.size)), root \(head.rootHash.hex). Explore it with `pledger list --db \(db)`.")
            let report = try selection.report(from: store)
            try selection.emit { output, format in format.write(report, to: &output) }
            try OutputFile.write("the report", to: html) { ReportFormat.html.write(report, to: &$0) }
            Output.diagnose("Wrote the HTML report to \(html); open it in a browser.")
        }

        private func removePreviousDemo() throws {
            guard FileManager.default.fileExists(atPath: db) else { return }
            let existing = try LedgerStore.open(at: db, author: Self.author)
            guard case .ledgerCreated(let created)? = try existing.entries(limit: 1).first?.event, created.label == Self.label else {
                throw PledgerError.conflict("\(db) exists and is not a demo ledger; pass another --db path")
            }
            // A demo ledger someone went on to use holds their work (and may be behind a published checkpoint).
            if let added = try existing.entries().first(where: { $0.author != Self.author }) {
                throw PledgerError.conflict(
                    "\(db) is a demo ledger that \(added.author) added to (entry \(added.index) on); it was left as it is — pass another --db path, or remove it yourself")
            }
            try LedgerFiles.remove(at: db)
        }
    }
}
