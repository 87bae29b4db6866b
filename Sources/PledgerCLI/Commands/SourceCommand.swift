import ArgumentParser
import Foundation
import PledgerKit

extension PledgerCommand {
    struct SourceCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "source",
            abstract: "Archive and inspect source documents.",
            subcommands: [Add.self, List.self, Show.self])
    }
}

extension PledgerCommand.SourceCommand {
    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Archive a source text (UTF-8) from a file or stdin.",
            discussion: """
                Stores the SHA-256 of the original bytes, the canonical text (UTF-8, LF line ends, Unicode NFC) \
                and its SHA-256. Adding a text that is already archived returns the existing source.
                """)

        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var output: FormatOptions

        @Argument(help: ArgumentHelp("The text file to archive, or - for stdin.", valueName: "file"))
        var file: String

        @Option(help: "The document's title.") var title: String
        @Option(help: "Who published it.") var publisher: String
        @Option(help: "Who wrote it.") var author: String?
        @Option(help: "Where it was found.") var url: String?
        @Option(help: ArgumentHelp("The day it was published (YYYY-MM-DD).", valueName: "date"), transform: Parse.date)
        var published: CalendarDate?
        @Option(help: ArgumentHelp("When it was retrieved (a date or ISO 8601 time).", valueName: "time"))
        var retrieved: String?

        func run() throws {
            let bytes = try InputFile.read(file)
            let store = try ledger.openStore()
            let addition = try store.addSource(
                bytes: bytes,
                metadata: SourceMetadata(
                    title: title, publisher: publisher, author: author, url: url, publishedOn: published,
                    retrievedAt: retrieved))
            let source = addition.source
            switch output.format {
            case .json:
                try Output.printJSON(source)
            case .text:
                let verb = addition.isNew ? "Added" : "Already archived as"
                Output.print("\(verb) \(source.ref): \(source.metadata.title) (\(source.textLength) code points, text SHA-256 \(source.textSHA256.hex))")
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the archived sources.")

        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var output: FormatOptions

        func run() throws {
            let sources = try ledger.openStore().sources()
            switch output.format {
            case .json:
                try Output.printJSON(sources)
            case .text:
                var table = TextTable("REF", "PUBLISHED", "PUBLISHER", "CODE POINTS", "TEXT SHA-256", "TITLE")
                for source in sources {
                    table.append(
                        source.ref.description, source.metadata.publishedOn?.description ?? "—",
                        source.metadata.publisher.truncated(to: 24), String(source.textLength),
                        String(source.textSHA256.hex.prefix(12)), source.metadata.title.truncated(to: 60))
                }
                Output.print(sources.isEmpty ? "No sources yet; add one with `pledger source add FILE --title T --publisher P`." : table.render())
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a source's metadata and hashes, or its text.")

        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var output: FormatOptions

        @Argument(help: ArgumentHelp("The source, such as S1.", valueName: "ref"), transform: Parse.sourceRef)
        var ref: SourceRef

        @Flag(help: "Print the canonical text itself.")
        var text = false

        func run() throws {
            let store = try ledger.openStore()
            let source = try store.source(ref)
            if text {
                let canonical = try store.sourceText(ref)
                switch output.format {
                case .json:
                    try Output.printJSON(SourceTextView(source: ref, version: source.latestVersion, textSHA256: canonical.sha256, text: canonical.string))
                case .text:
                    Output.print(canonical.string)
                }
                return
            }
            switch output.format {
            case .json:
                try Output.printJSON(source)
            case .text:
                Output.print(Describe.sourceDetails(source).joined(separator: "\n"))
            }
        }
    }
}

/// A source's canonical text with what identifies it, for `source show --text --format json`.
struct SourceTextView: Encodable {
    var source: SourceRef
    var version: Int
    var textSHA256: SHA256Hash
    var text: String
}

/// Reads a file named on the command line, or stdin for `-`, refusing what cannot be a source.
enum InputFile {
    static func read(_ path: String) throws -> [UInt8] {
        let limit = LedgerStore.maximumSourceBytes
        if path == "-" {
            let data = FileHandle.standardInput.readDataToEndOfFile()
            guard data.count <= limit else { throw tooLarge("stdin", limit: limit) }
            return Array(data)
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw PledgerError.notFound("no file at \(path); check the path, or pass - to read stdin")
        }
        guard !isDirectory.boolValue else {
            throw PledgerError.invalidInput("\(path) is a directory; pass a text file")
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        guard size <= limit else { throw tooLarge(path, limit: limit) }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw PledgerError.invalidInput("cannot read \(path); check its permissions")
        }
        return Array(data)
    }

    private static func tooLarge(_ name: String, limit: Int) -> PledgerError {
        .invalidInput("\(name) is larger than \(limit / (1 << 20)) MiB, the most a source may hold; split the document or archive an excerpt")
    }
}
