import Foundation
import GRDB

extension LedgerStore {
    /// The largest source, in bytes, that the ledger archives.
    public static let maximumSourceBytes = 64 << 20

    /// What happened when a source was added.
    public struct SourceAddition: Sendable {
        /// The source now in the ledger.
        public var source: Source
        /// `false` when the same canonical text was already archived, so the existing source was returned.
        public var isNew: Bool
    }

    /// Archives a source: its original bytes' hash, its canonical text and that text's hash, and metadata.
    ///
    /// Adding a canonical text that is already archived writes nothing and returns the existing source.
    /// Refuses bytes that are not UTF-8, contain NUL bytes, or hold no text, and blank titles or publishers.
    /// HTML (`mediaType` `.html`, or detected from the content when `mediaType` is `nil`) is reduced to its
    /// readable text first; the original bytes' hash is recorded all the same.
    public func addSource(bytes: [UInt8], metadata: SourceMetadata, mediaType: SourceMediaType? = nil) throws
        -> SourceAddition
    {
        let prepared = try Self.prepareSource(bytes: bytes, metadata: metadata, mediaType: mediaType)
        return try write { db in try addSource(prepared, in: db) }
    }

    /// A source's bytes made ready to archive, before any transaction (see
    /// ``prepareSource(bytes:metadata:mediaType:fileName:)``).
    struct PreparedSource {
        var text: CanonicalText
        var originalSHA256: SHA256Hash
        var metadata: SourceMetadata
        var mediaType: SourceMediaType
    }

    /// Checks a source's size, reduces it to canonical text (HTML to its readable text; the media type is
    /// detected from `fileName` and the content when `mediaType` is `nil`), hashes its bytes and validates its
    /// metadata: every way a source enters the ledger goes through here.
    static func prepareSource(
        bytes: [UInt8], metadata: SourceMetadata, mediaType: SourceMediaType? = nil, fileName: String? = nil
    ) throws -> PreparedSource {
        try requireAcceptableSize(bytes, "the source")
        let mediaType = mediaType ?? SourceMediaType.detect(fileName: fileName, bytes: bytes)
        return PreparedSource(
            text: try canonicalText(of: bytes, as: mediaType), originalSHA256: SHA256Hash.digest(of: bytes),
            metadata: try validated(metadata), mediaType: mediaType)
    }

    /// Adds a prepared source inside the caller's transaction.
    func addSource(_ prepared: PreparedSource, in db: Database) throws -> SourceAddition {
        try addSource(
            text: prepared.text, originalSHA256: prepared.originalSHA256, metadata: prepared.metadata,
            mediaType: prepared.mediaType, in: db)
    }

    /// Adds an already canonicalized, validated source inside the caller's transaction.
    func addSource(
        text: CanonicalText, originalSHA256: SHA256Hash, metadata: SourceMetadata,
        mediaType: SourceMediaType = .plainText, in db: Database
    ) throws -> SourceAddition {
        if let existing = try Self.sourceNumber(withTextSHA256: text.sha256, in: db) {
            return SourceAddition(source: try Self.fetchSource(SourceRef(existing), in: db), isNew: false)
        }
        if let published = metadata.publishedOn {
            // The default --made of the commitments quoted from it: a mistyped year would refuse them all.
            try requireNotAfterToday(published, option: "--published", what: "a source is archived once it is published")
        }
        if let retrieved = metadata.retrievedAt, let day = try? CalendarDate(validating: String(retrieved.prefix(10))) {
            try requireNotAfterToday(day, option: "--retrieved", what: "a source is archived once it has been retrieved")
        }
        let ref = SourceRef(try Self.nextID(in: "source", db))
        var added = SourceAdded(
            source: ref, version: 1, metadata: metadata, originalSHA256: originalSHA256,
            textSHA256: text.sha256, text: text.string)
        added.mediaType = mediaType.recorded
        try append(.sourceAdded(added), in: db)
        return SourceAddition(source: try Self.fetchSource(ref, in: db), isNew: true)
    }

    /// All sources, in the order they were added.
    public func sources() throws -> [Source] {
        try read { db in
            try Self.fetchSources(in: db)
        }
    }

    /// One source.
    public func source(_ ref: SourceRef) throws -> Source {
        try read { db in try Self.fetchSource(ref, in: db) }
    }

    /// The canonical text of one version of a source (the latest when `version` is `nil`).
    ///
    /// - Throws: ``PledgerError/ledgerUnavailable(_:)`` when the stored text no longer hashes to its recorded
    ///   hash.
    public func sourceText(_ ref: SourceRef, version: Int? = nil) throws -> CanonicalText {
        try read { db in try Self.fetchText(ref, version: version, in: db) }
    }

    // MARK: Helpers shared by the other actions

    /// The canonical text of a source's bytes, refusing with the reason and what to do.
    static func canonicalText(of bytes: [UInt8], as mediaType: SourceMediaType) throws -> CanonicalText {
        do {
            return try mediaType.canonicalText(of: bytes)
        } catch {
            throw PledgerError.invalidInput(error.description)
        }
    }

    static func fetchSource(_ ref: SourceRef, in db: Database) throws -> Source {
        guard let source = try fetchSources(where: "s.id = ?", arguments: [ref.number], in: db).first else {
            throw PledgerError.notFound("there is no source \(ref); run `pledger source list` to see the sources")
        }
        return source
    }

    /// Sources with their latest version's hashes and their entry hash, in ref order.
    static func fetchSources(where condition: String = "1", arguments: StatementArguments = [], in db: Database) throws
        -> [Source]
    {
        try Row.fetchAll(
            db,
            sql: """
                SELECT s.*, v.version AS stored_version, v.original_sha256, v.text_sha256, v.text_length, e.leaf_hash
                FROM source s
                LEFT JOIN source_version v ON v.source_id = s.id AND v.version = s.latest_version
                LEFT JOIN entry e ON e.seq = s.entry_seq
                WHERE \(condition)
                ORDER BY s.id
                """, arguments: arguments
        ).map { row in
            let ref = SourceRef(try row.stored("id", of: "a source", as: Int.self))
            let owner = "source \(ref)"
            // Outer joins, so that a source whose latest version or entry is missing is named, not left out.
            guard row["stored_version"] != nil else {
                throw LedgerStore.damaged("latest version of \(owner)")
            }
            return Source(
                ref: ref,
                metadata: SourceMetadata(
                    title: try row.stored("title", of: owner), publisher: try row.stored("publisher", of: owner),
                    author: try row.stored("author", of: owner), url: try row.stored("url", of: owner),
                    publishedOn: try row.stored("published_on", of: owner),
                    retrievedAt: try row.stored("retrieved_at", of: owner)),
                latestVersion: try row.stored("latest_version", of: owner), originalSHA256: try hash(row, "original_sha256"),
                textSHA256: try hash(row, "text_sha256"), textLength: try row.stored("text_length", of: owner),
                entryHash: try leafHash(row))
        }
    }

    /// The canonical text of one version of a source (the latest when `version` is `nil`), refused when it
    /// does not decode or no longer hashes to its recorded `text_sha256`: someone changed it behind the log's
    /// back, and what is shown or quoted from it would not be what the ledger recorded.
    static func fetchText(_ ref: SourceRef, version: Int?, in db: Database) throws -> CanonicalText {
        let source = try fetchSource(ref, in: db)
        let version = version ?? source.latestVersion
        guard
            let row = try Row.fetchOne(
                db, sql: "SELECT text, text_sha256 FROM source_version WHERE source_id = ? AND version = ?",
                arguments: [ref.number, version])
        else {
            throw PledgerError.notFound("source \(ref) has no version \(version); \(Self.versionsHeld(source.latestVersion))")
        }
        let text: String = try row.stored("text", of: "\(ref) v\(version)")
        let recorded = try hash(row, "text_sha256")
        let canonical: CanonicalText
        do {
            canonical = try CanonicalText(decoding: Array(text.utf8))
        } catch {
            throw PledgerError.ledgerUnavailable("the stored text of \(ref) v\(version) is damaged (\(error)); run `pledger verify`")
        }
        guard canonical.sha256 == recorded else {
            throw PledgerError.ledgerUnavailable(
                "the stored text of \(ref) v\(version) hashes to \(canonical.sha256.hex.prefix(16))…, not its recorded \(recorded.hex.prefix(16))…: it was changed outside Pledger; run `pledger verify`")
        }
        return canonical
    }

    /// The source whose latest text hashes to `hash`. Only the latest: a revised source that once held the text
    /// now quotes another one, so a quote logged against "the text just added" would land in the wrong words.
    static func sourceNumber(withTextSHA256 hash: SHA256Hash, in db: Database) throws -> Int? {
        try Int.fetchOne(
            db,
            sql: """
                SELECT v.source_id FROM source_version v JOIN source s ON s.id = v.source_id AND s.latest_version = v.version
                WHERE v.text_sha256 = ? ORDER BY v.source_id LIMIT 1
                """,
            arguments: [hash])
    }

    static func nextID(in table: String, _ db: Database) throws -> Int {
        try Int.fetchOne(db, sql: "SELECT COALESCE(MAX(id), 0) + 1 FROM \(table)") ?? 1
    }

    static func hash(_ row: Row, _ column: String) throws -> SHA256Hash {
        guard let hash = SHA256Hash.fromDatabaseValue(row[column]) else {
            throw PledgerError.ledgerUnavailable("a stored \(column) is not a SHA-256 hex digest; run `pledger verify`")
        }
        return hash
    }

    static func leafHash(_ row: Row) throws -> SHA256Hash {
        guard let data = Data.fromDatabaseValue(row["leaf_hash"]), let hash = SHA256Hash(bytes: data) else {
            throw PledgerError.ledgerUnavailable("a stored leaf hash is damaged; run `pledger verify`")
        }
        return hash
    }

    /// The leaf hash of the entry that recorded `owner`, which its own row keeps as a 32-byte blob in
    /// `entry_leaf_hash` (commitments, evidence and assessments do): anything else there — a missing column, NULL, text
    /// of the right length — is refused, naming the row.
    static func storedEntryLeafHash(_ row: Row, of owner: String) throws -> SHA256Hash {
        let column = "entry_leaf_hash"
        guard row.hasColumn(column), case .blob(let data) = (row[column] as DatabaseValue).storage,
            let hash = SHA256Hash(bytes: data)
        else {
            throw damaged("entry leaf hash of \(owner)")
        }
        return hash
    }

    /// The text in `column`, described as `what` (`entry author of A1`): a missing column, NULL or anything
    /// but text there is refused, naming it — as for a column a migration added, which a damaged file may
    /// lack.
    static func storedText(_ row: Row, _ column: String, _ what: String) throws -> String {
        guard row.hasColumn(column), case .string(let text) = (row[column] as DatabaseValue).storage else {
            throw damaged(what)
        }
        return text
    }

    private static func validated(_ metadata: SourceMetadata) throws -> SourceMetadata {
        var metadata = metadata
        metadata.title = try requireText(metadata.title, option: "--title")
        metadata.publisher = try requireText(metadata.publisher, option: "--publisher")
        metadata.author = try optionalText(metadata.author, option: "--author")
        metadata.url = try optionalText(metadata.url, option: "--url")
        metadata.retrievedAt = try optionalText(metadata.retrievedAt, option: "--retrieved").map(SourceMetadata.validatedRetrievedTime)
        return metadata
    }

    /// `text` trimmed, refused when it is empty or holds a control character (see ``requireNoControls(_:option:)``).
    static func requireText(_ text: String, option: String) throws -> String {
        guard let trimmed = try optionalText(text, option: option) else {
            throw PledgerError.invalidInput("\(option) is empty; give it some text")
        }
        return trimmed
    }

    /// `text` trimmed, with its line breaks made LF (as in canonical source text), or `nil` when there is none;
    /// refused when it holds a control character.
    static func optionalText(_ text: String?, option: String) throws -> String? {
        guard let trimmed = text?.trimmingCharacters(in: .whitespacesAndNewlines), !trimmed.isEmpty else { return nil }
        let lines = trimmed.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        try requireNoControls(lines, option: option)
        return lines
    }

    /// Refuses text with a control character other than a line feed or tab — an escape sequence, a bell, a
    /// backspace: recorded once, it would be printed to every terminal that shows the ledger.
    static func requireNoControls(_ text: String, option: String) throws {
        if let control = text.unicodeScalars.first(where: TerminalSafety.isControl) {
            let code = String(control.value, radix: 16, uppercase: true)
            throw PledgerError.invalidInput(
                "\(option) holds the control character U+\(String(repeating: "0", count: max(0, 4 - code.count)) + code); remove it")
        }
    }

    /// Refuses bytes larger than ``maximumSourceBytes``, naming them as `what`.
    static func requireAcceptableSize(_ bytes: [UInt8], _ what: String) throws {
        guard bytes.count <= maximumSourceBytes else {
            throw PledgerError.invalidInput(
                "\(what) is \(bytes.count) bytes, more than the \(maximumSourceBytes / (1 << 20)) MiB a source may hold; split the document or archive an excerpt")
        }
    }
}

extension SourceMetadata {
    /// `text` when it is a day (`2024-04-16`) or an ISO 8601 time (`2024-04-16T09:30:00Z`, with an offset
    /// or fractional seconds too), as `--retrieved` takes.
    public static func validatedRetrievedTime(_ text: String) throws(PledgerError) -> String {
        if (try? CalendarDate(validating: text)) != nil { return text }
        let formatter = ISO8601DateFormatter()
        for options in [ISO8601DateFormatter.Options.withInternetDateTime, [.withInternetDateTime, .withFractionalSeconds]] {
            formatter.formatOptions = options
            if formatter.date(from: text) != nil { return text }
        }
        throw PledgerError.invalidInput(
            "--retrieved '\(text)' is neither a day (2024-04-16) nor an ISO 8601 time (2024-04-16T09:30:00Z); pass one of those")
    }
}
