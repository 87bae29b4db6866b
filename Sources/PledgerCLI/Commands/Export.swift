import ArgumentParser
import Foundation
import PledgerKit

extension PledgerCommand {
    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the whole log as JSON Lines, one canonical entry per line, or the quotes as W3C Web Annotations.",
            discussion: """
                jsonl (the default): each line is an entry's exact RFC 8785 bytes, the bytes its leaf hash is \
                computed over. `pledger import` replays such a file into an empty ledger with the identical root \
                hash.

                annotations: every commitment's and evidence's quote as a W3C Web Annotation (JSON-LD), in one \
                AnnotationCollection: a TextQuoteSelector and a TextPositionSelector (code points of the \
                canonical text) on the source, and a body describing the commitment or evidence.
                """)

        /// What `export` writes.
        enum Format: String, ExpressibleByArgument, CaseIterable {
            case jsonl
            case annotations
        }

        @OptionGroup var ledger: LedgerOptions

        @Option(help: "What to write.")
        var format: Format = .jsonl

        @Option(name: .shortAndLong, help: ArgumentHelp("Write to this file instead of stdout.", valueName: "file"))
        var output: String?

        func run() throws {
            let store = try ledger.openStore()
            if format == .annotations {
                let collection = try store.webAnnotations()
                try OutputFile.write("the annotations", to: output) { $0.write(try PrettyJSON.string(collection)) }
                if let output {
                    Output.diagnose("Exported \(collection.items.count) annotations to \(output)")
                }
                return
            }
            // The root of what is written, from the bodies themselves: the stored head may not match them.
            var written = MerkleFrontier()
            var head: LedgerHead?
            try OutputFile.write("the export", to: output) { file in
                head = try store.forEachEntry { entry in
                    file.write(utf8: entry.body)
                    file.write("\n")
                    written.append(leafHash: entry.leafHash)
                }
            }
            if head?.size != Int(written.size) || head?.rootHash != written.root {
                let recorded = head.map { "records \($0.rootHash.hex) for \(Wording.entries($0.size))" } ?? "is damaged"
                Output.diagnose(
                    "warning: the exported entries give root \(written.root.hex) for \(Wording.entries(Int(written.size))), but the ledger head \(recorded); run `pledger verify` before trusting this export")
            }
            if let output {
                Output.diagnose("Exported \(Wording.entries(Int(written.size))) to \(output) (root \(written.root.hex))")
            }
        }
    }

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Replay an exported log (JSON Lines) into a new ledger.",
            discussion: """
                Creates the ledger at --db if it does not exist (with --from-csv, the ledger must exist: run \
                `pledger init` first). Entries are appended in batches, each its own \
                transaction; if an import is interrupted, run the same command with --resume to continue — \
                the entries already imported are checked against the file and skipped. Prints the root hash, \
                which equals the exported ledger's. Replayed entries keep the authors they were recorded with; \
                --as names the author of what --from-csv records.
                """)

        @OptionGroup var ledger: WriterOptions

        @Argument(help: ArgumentHelp("The export to replay, or - for stdin.", valueName: "file"))
        var file: String

        @Flag(help: "Continue an interrupted import into the same ledger.")
        var resume = false

        @Flag(help: ArgumentHelp(
            "Read FILE as a spreadsheet tracker (CSV with columns actor, promise, source, quote and optionally status, date, made, due, to, tags, rationale, title, publisher, published, occurrence); source files are found beside it. An error names the row and column to fix, and nothing is imported."))
        var fromCSV = false

        @Option(help: ArgumentHelp("Refuse unless the imported ledger's root hash is this one.", valueName: "hex"))
        var expectRoot: String?

        func validate() throws {
            if fromCSV && (resume || expectRoot != nil) {
                throw ValidationError("--from-csv imports a tracker in one transaction; it takes neither --resume nor --expect-root")
            }
            if let expectRoot, SHA256Hash(hex: expectRoot) == nil {
                throw ValidationError("--expect-root takes 64 hex digits, got '\(expectRoot)'")
            }
        }

        func run() throws {
            if fromCSV {
                return try importTracker()
            }
            let handle: FileHandle
            if file == "-" {
                handle = .standardInput
            } else {
                try InputFile.refuseFolder(file, "\(file) is a folder; pass the .jsonl file `pledger export` wrote")
                guard let opened = FileHandle(forReadingAtPath: file) else {
                    throw PledgerError.notFound("cannot read \(file); check the path, or pass - to read stdin")
                }
                handle = opened
            }
            let store: LedgerStore
            let createdHere: Bool
            if FileManager.default.fileExists(atPath: ledger.path) {
                store = try ledger.openStore()
                createdHere = false
            } else if resume {
                throw PledgerError.notFound("no ledger at \(ledger.path) to resume; run the import without --resume")
            } else {
                store = try LedgerStore.createEmpty(at: ledger.path, author: ledger.resolvedAuthor)
                createdHere = true
            }
            var lines = LineReader(handle: handle)
            let progress = Progress()
            let outcome: LedgerStore.ImportOutcome
            do {
                outcome = try store.importJSONLines(&lines, resume: resume) { progress.update($0) }
            } catch {
                progress.finish()
                // A ledger this run created is removed, so that a failed import leaves nothing half-made — unless
                // the ledger file itself failed (a full disk, say) after batches were committed: those are kept
                // for --resume, when no root was asked for.
                let held = (try? store.head().size) ?? 0
                if createdHere, !PledgerError.isLedgerFailure(error) || expectRoot != nil || held == 0 {
                    try? LedgerFiles.remove(at: ledger.path)
                    if var stopped = error as? ImportStopped, held == 0 {
                        stopped.imported = 0  // Nothing was committed, and the new ledger is gone.
                        throw stopped
                    }
                    if held > 0 {
                        let failure = (error as? ImportStopped).map { "line \($0.line): \($0.reason)" } ?? "\(error)"
                        throw PledgerError.invalidInput("\(failure); the \(held) entries imported before it were not kept either")
                    }
                }
                throw error
            }
            progress.finish()
            do {
                try check(outcome, createdHere: createdHere)
            } catch {
                if createdHere {
                    try? LedgerFiles.remove(at: ledger.path)  // Refused as a whole: nothing is kept.
                }
                throw error
            }
            Output.print(
                "Imported \(Wording.entries(outcome.imported))\(outcome.skipped > 0 ? " (\(outcome.skipped) already there)" : "") into \(ledger.path): \(Wording.entries(outcome.head.size)), root \(outcome.head.rootHash.hex)")
        }

        /// Refuses an import that read no entries at all, or whose root is not the one `--expect-root` names.
        private func check(_ outcome: LedgerStore.ImportOutcome, createdHere: Bool) throws {
            guard outcome.imported + outcome.skipped > 0 else {
                throw PledgerError.invalidInput("\(file == "-" ? "stdin" : file) holds no entries; pass a file `pledger export` wrote")
            }
            let root = outcome.head.rootHash
            if let expectRoot, let expected = SHA256Hash(hex: expectRoot), expected != root {
                let kept = createdHere ? "; nothing was kept" : "; the ledger keeps what was imported, so check it before use"
                throw PledgerError.conflict(
                    "the imported ledger's root is \(root.hex), not the expected \(expected.hex): the file differs from the export it was taken for\(kept)")
            }
        }

        private func importTracker() throws {
            let bytes = try InputFile.read(file)
            let table = try CSVTable(parsing: String(decoding: bytes, as: UTF8.self))
            let folder = file == "-" ? URL(filePath: ".") : URL(filePath: file).deletingLastPathComponent()
            let store = try ledger.openStore()
            let outcome = try store.importTracker(table) { name in
                try InputFile.read(
                    folder.appending(path: name).path,
                    missing: "the source column names files in the CSV's folder, or paths relative to it")
            }
            let head = try store.head()
            Output.print(
                "Imported \(Wording.count(outcome.rows, "row")): \(Wording.count(outcome.commitments.count, "commitment")), \(Wording.count(outcome.assessments, "assessment")), \(Wording.count(outcome.sourcesAdded, "new source")), \(Wording.count(outcome.actorsAdded, "new actor")) (\(Wording.entries(head.size)), root \(head.rootHash.hex))")
        }
    }
}

/// Shows how far a long import is, on stderr, only when stderr is a terminal and the work takes over a second.
final class Progress {
    private let start = Date()
    private let isTerminal = isatty(FileHandle.standardError.fileDescriptor) != 0
    private var shown = false

    func update(_ count: Int) {
        guard isTerminal, Date().timeIntervalSince(start) > 1 else { return }
        shown = true
        FileHandle.standardError.write(Data("\r\(count) entries…".utf8))
    }

    func finish() {
        if shown {
            FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
        }
    }
}
