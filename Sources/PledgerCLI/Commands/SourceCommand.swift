import ArgumentParser
import Foundation
import PledgerKit

extension PledgerCommand {
    struct SourceCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "source",
            abstract: "Archive and inspect source documents.",
            subcommands: [Add.self, List.self, Show.self, Revise.self])
    }
}

extension PledgerCommand.SourceCommand {
    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Archive a source text (UTF-8 plain text or HTML) from a file or stdin.",
            discussion: """
                Stores the SHA-256 of the original bytes, the canonical text (UTF-8, LF line ends, Unicode NFC) \
                and its SHA-256. Adding a text that is already archived returns the existing source. HTML \
                (a .html or .htm file, or content that starts like an HTML document) is reduced to its readable \
                text with libxml2's parser — scripts, styles and navigation dropped, paragraphs kept — and \
                quotes anchor into that text.
                """)

        @OptionGroup var ledger: WriterOptions
        @OptionGroup var output: FormatOptions

        @Argument(help: ArgumentHelp("The text file to archive, or - for stdin.", valueName: "file"))
        var file: String

        @Option(help: "The document's title.") var title: String
        @Option(help: "Who published it.") var publisher: String
        @Option(help: "Who wrote it.") var author: String?
        @Option(help: "Where it was found.") var url: String?
        @Option(help: ArgumentHelp("The day it was published (YYYY-MM-DD).", valueName: "date"), transform: Parse.date)
        var published: CalendarDate?
        @Option(help: ArgumentHelp(
            "When it was retrieved: a day (2024-04-16) or an ISO 8601 time with its zone (2024-04-16T09:30:00Z).",
            valueName: "time"), transform: Parse.retrievedTime)
        var retrieved: String?

        func run() throws {
            let bytes = try InputFile.read(file)
            let store = try ledger.openStore()
            let addition = try store.addSource(
                bytes: bytes,
                metadata: SourceMetadata(
                    title: title, publisher: publisher, author: author, url: url, publishedOn: published,
                    retrievedAt: retrieved),
                mediaType: SourceMediaType.detect(fileName: file == "-" ? nil : file, bytes: bytes))
            let source = addition.source
            switch output.format {
            case .json:
                try Output.printJSON(SourceAdditionView(source: source, alreadyArchived: !addition.isNew))
            case .text:
                let verb = addition.isNew ? "Added" : "Already archived as"
                Output.print("\(verb) \(source.ref): \(source.metadata.title) (\(source.textLength) code points, text SHA-256 \(source.textSHA256.hex))")
            }
            if !addition.isNew {
                noteIgnoredMetadata(of: source)
            }
        }

        /// Says which of the options given differ from what the archived source recorded: the text is the
        /// source's identity, and its metadata is fixed when it is first archived.
        private func noteIgnoredMetadata(of source: Source) {
            let recorded = source.metadata
            func differs(_ given: String?, _ stored: String?) -> Bool {
                guard let given = given?.trimmingCharacters(in: .whitespacesAndNewlines), !given.isEmpty else { return false }
                return given != stored
            }
            let ignored = [
                ("--title", differs(title, recorded.title)), ("--publisher", differs(publisher, recorded.publisher)),
                ("--author", differs(author, recorded.author)), ("--url", differs(url, recorded.url)),
                ("--published", published.map { $0 != recorded.publishedOn } ?? false),
                ("--retrieved", differs(retrieved, recorded.retrievedAt)),
            ].filter(\.1).map(\.0)
            guard !ignored.isEmpty else { return }
            Output.diagnose(
                "note: \(source.ref) was archived with this text before, so \(ignored.joined(separator: ", ")) "
                    + "\(ignored.count == 1 ? "was" : "were") not recorded; `pledger show \(source.ref)` shows its metadata")
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

        @Option(help: ArgumentHelp("Show this version instead of the latest.", valueName: "n"), transform: Parse.positive)
        var version: Int?

        func run() throws {
            let store = try ledger.openStore()
            let source = try store.source(ref)
            if let version {
                _ = try store.sourceVersion(ref, version: version)
            }
            let shown = version ?? source.latestVersion
            // Read in either mode: it refuses a text that no longer hashes to the hash shown with it.
            let canonical = try store.sourceText(ref, version: shown)
            if text {
                switch output.format {
                case .json:
                    try Output.printJSON(SourceTextView(source: ref, version: shown, textSHA256: canonical.sha256, text: canonical.string))
                case .text:
                    Output.printDocument(canonical.string)
                }
                return
            }
            let versions = try store.sourceVersions(ref)
            let shownVersion = versions.first { $0.version == shown }
            switch output.format {
            case .json:
                try Output.printJSON(SourceDetailsView(source: source, shownVersion: shownVersion, versions: versions))
            case .text:
                var lines = Describe.sourceDetails(source, latest: versions.last { $0.version == source.latestVersion })
                if let shown = shownVersion, shown.version != source.latestVersion {
                    lines += [
                        "Version \(shown.version) (not the latest):",
                        "  code points:   \(shown.textLength)",
                        "  original hash: \(shown.originalSHA256.hex)",
                        "  text hash:     \(shown.textSHA256.hex)",
                        "  entry hash:    \(shown.entryHash.hex)",
                    ]
                }
                if versions.count > 1 || versions.contains(where: { $0.mediaType != nil }) {
                    lines.append("Versions:")
                    for entry in versions {
                        lines.append("  v\(entry.version)  \(entry.recordedAt)  \(entry.textLength) code points  text \(entry.textSHA256.hex.prefix(12))\(entry.mediaType.map { "  from \($0)" } ?? "")")
                    }
                }
                Output.print(lines.joined(separator: "\n"))
            }
        }
    }

    struct Revise: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Store a new version of a source and re-anchor every quote into it.",
            discussion: """
                Each quote is looked for in the new text: unchanged in place, then exactly, then tolerantly, then \
                approximately (Myers' bit-parallel matching), scored on the quote, its prefix and suffix and its \
                position. A quote scoring below the minimum is orphaned: it keeps pointing at the old version \
                and is reported by `show`, `list --orphaned` and `verify`. All of it is one transaction.
                """)

        @OptionGroup var ledger: WriterOptions
        @OptionGroup var output: FormatOptions

        @Argument(help: ArgumentHelp("The source, such as S1.", valueName: "ref"), transform: Parse.sourceRef)
        var ref: SourceRef

        @Argument(help: ArgumentHelp("The new version (text or HTML), or - for stdin.", valueName: "file"))
        var file: String

        func run() throws {
            let bytes = try InputFile.read(file)
            let store = try ledger.openStore()
            let revision = try store.reviseSource(
                ref, bytes: bytes, mediaType: SourceMediaType.detect(fileName: file == "-" ? nil : file, bytes: bytes))
            switch output.format {
            case .json:
                try Output.printJSON(revision)
            case .text:
                var lines = ["Revised \(ref) to v\(revision.version) (\(revision.source.textLength) code points, text SHA-256 \(revision.source.textSHA256.hex))"]
                for moved in revision.moves {
                    lines.append("  " + Describe.move(moved))
                }
                Output.print(lines.joined(separator: "\n"))
                // Found again with edits: the source's words changed, and the quote may no longer say what its
                // commitment or evidence records.
                let approximate = revision.moves.filter { $0.method == .approximate }
                if !approximate.isEmpty {
                    Output.diagnose("warning: the words of \(approximate.map(\.owner).joined(separator: ", ")) changed in v\(revision.version) (moved approximately); check with `pledger show` that each quote still says what it records")
                }
                let orphaned = revision.orphaned
                if !orphaned.isEmpty {
                    Output.diagnose("warning: \(orphaned.count) quote\(orphaned.count == 1 ? " was" : "s were") not found in v\(revision.version) and \(orphaned.count == 1 ? "is" : "are") orphaned: \(orphaned.map(\.owner).joined(separator: ", ")); see `pledger list --orphaned`")
                }
            }
        }
    }
}

/// `source add --format json`: the source, and whether its text was archived before — in which case nothing
/// was written and the options' metadata was not recorded.
struct SourceAdditionView: Encodable {
    var source: Source
    var alreadyArchived: Bool

    private enum CodingKeys: String, CodingKey {
        case alreadyArchived
    }

    /// The source's own members, with `alreadyArchived` beside them.
    func encode(to encoder: any Encoder) throws {
        try source.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(alreadyArchived, forKey: .alreadyArchived)
    }
}

/// `source show --format json`: the source, the version shown and every version.
struct SourceDetailsView: Encodable {
    var source: Source
    var shownVersion: SourceVersion?
    var versions: [SourceVersion]
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
    /// The bytes at `path`, or stdin's for `-`; `missing` says what to do when no file is there.
    static func read(_ path: String, missing: String = "check the path, or pass - to read stdin") throws -> [UInt8] {
        let limit = LedgerStore.maximumSourceBytes
        if path == "-" {
            let data = FileHandle.standardInput.readDataToEndOfFile()
            guard data.count <= limit else { throw tooLarge("stdin", limit: limit) }
            return Array(data)
        }
        guard FileManager.default.fileExists(atPath: path) else {
            throw PledgerError.notFound("no file at \(path); \(missing)")
        }
        try refuseFolder(path, "\(path) is a directory; pass a text file")
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        guard size <= limit else { throw tooLarge(path, limit: limit) }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw PledgerError.invalidInput("cannot read \(path); check its permissions")
        }
        return Array(data)
    }

    /// Refuses `path` with `refusal` when it names a folder, which cannot be read as a file.
    static func refuseFolder(_ path: String, _ refusal: @autoclosure () -> String) throws {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
            throw PledgerError.invalidInput(refusal())
        }
    }

    private static func tooLarge(_ name: String, limit: Int) -> PledgerError {
        .invalidInput("\(name) is larger than \(limit / (1 << 20)) MiB, the most a source may hold; split the document or archive an excerpt")
    }
}
