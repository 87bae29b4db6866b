import GRDB

/// Checks that an entry from outside — an export line — is consistent in itself before it is recorded: its
/// texts are canonical and hash to their recorded digests, and its quotes are the characters at their offsets.
///
/// Actions never need this (they build consistent entries); an import does, because a line can be canonical
/// JSON and still lie about its own text — and so does a rebuild of the projection, from a log whose rows
/// someone may have rewritten with their leaf hashes recomputed.
enum ImportValidator {
    /// Checks `entry`, which is to follow the entries `head` covers, refusing it as a line of an export.
    static func check(_ entry: LedgerEntry, after head: LedgerHead, in db: Database) throws {
        if let reason = try inconsistency(of: entry, after: head, in: db) {
            throw PledgerError.invalidInput(
                "entry \(entry.index) (\(entry.event.kind.rawValue)) is inconsistent: \(reason); the export was altered or damaged")
        }
    }

    /// Why `entry`, which is to follow the entries `head` covers, is inconsistent in itself, in words for a
    /// message; `nil` when it is consistent. `db` holds the projection of the entries before it.
    static func inconsistency(of entry: LedgerEntry, after head: LedgerHead, in db: Database) throws -> String? {
        do {
            try checkConsistency(entry, after: head, in: db)
            return nil
        } catch let found as Inconsistency {
            return found.reason
        }
    }

    /// What the checks below throw: why the entry is inconsistent.
    private struct Inconsistency: Error {
        var reason: String

        init(_ reason: String) {
            self.reason = reason
        }
    }

    private static func checkConsistency(_ entry: LedgerEntry, after head: LedgerHead, in db: Database) throws {
        guard entry.isExactEncoding else {
            throw Inconsistency("it holds members or values the entry format does not define (such as an unknown member, a null, or a ref written C01)")
        }
        if let broken = try EntryRules.violation(of: entry, in: db) {
            throw Inconsistency(broken)
        }
        switch entry.event {
        case .sourceAdded(let added):
            try checkText(added.text, hash: added.textSHA256, source: added.source, version: added.version)
        case .sourceRevised(let revised):
            try checkText(revised.text, hash: revised.textSHA256, source: revised.source, version: revised.version)
        case .commitmentLogged(let logged):
            try checkQuote(logged.quote, db)
        case .evidenceAttached(let attached):
            try checkQuote(attached.quote, db)
        case .anchorMoved(let moved):
            if let anchor = moved.to {
                try checkQuote(AnchoredQuote(source: moved.source, version: moved.toVersion, anchor: anchor), db)
            }
        case .checkpointRecorded(let recorded):
            guard recorded.treeSize == entry.index else {
                throw Inconsistency("it checkpoints \(recorded.treeSize) entries, but a checkpoint covers the \(entry.index) before it")
            }
            try checkCheckpoint(recorded, entry: entry, after: head)
        default:
            break
        }
    }

    /// Checks what `pledger verify` checks of a recorded checkpoint: its note verifies with its own key and
    /// states its payload's size, root and origin, and that root is the one of the entries before it — else
    /// an earlier line of the export was rewritten, and the ledger built would fail its own `verify`.
    private static func checkCheckpoint(_ recorded: CheckpointRecorded, entry: LedgerEntry, after head: LedgerHead) throws {
        if let problem = recorded.noteProblem() {
            throw Inconsistency(problem)
        }
        guard head.size != entry.index || head.rootHash == recorded.rootHash else {
            throw Inconsistency("it signs root \(recorded.rootHash.hex) for the first \(recorded.treeSize) entries, but those lines give \(head.rootHash.hex): an earlier line was rewritten")
        }
    }

    private static func checkText(_ text: String, hash: SHA256Hash, source: SourceRef, version: Int) throws {
        let canonical: CanonicalText
        do {
            canonical = try CanonicalText(decoding: Array(text.utf8))
        } catch {
            throw Inconsistency("its text is not a valid source text (\(error))")
        }
        // Scalar by scalar: `String` equality is canonical equivalence, under which NFD text equals its NFC form.
        guard canonical.string.utf8.elementsEqual(text.utf8) else {
            throw Inconsistency("its text is not in canonical form (UTF-8, LF, NFC)")
        }
        guard canonical.sha256 == hash else {
            throw Inconsistency("its text hashes to \(canonical.sha256.hex), not the recorded \(hash.hex)")
        }
    }

    /// Checks a quote against its stored source text with SQLite's `substr`, which counts code points like the
    /// anchor does, so that memory stays flat however many sources an import brings.
    private static func checkQuote(_ quote: AnchoredQuote, _ db: Database) throws {
        let anchor = quote.anchor
        let prefixLength = anchor.prefix.unicodeScalars.count
        let suffixLength = anchor.suffix.unicodeScalars.count
        let window = 16
        let windowStart = max(0, anchor.start - window)
        guard
            let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT text_sha256, length(text) AS length, substr(text, :start + 1, :length) AS exact,
                           substr(text, :start - :prefixLength + 1, :prefixLength) AS prefix,
                           substr(text, :end + 1, :suffixLength) AS suffix,
                           substr(text, :windowStart + 1, :end - :windowStart + \(window)) AS around
                    FROM source_version WHERE source_id = :source AND version = :version
                    """,
                arguments: [
                    "start": anchor.start, "end": anchor.end, "length": anchor.end - anchor.start,
                    "prefixLength": prefixLength, "suffixLength": suffixLength, "windowStart": windowStart,
                    "source": quote.source.number, "version": quote.version,
                ])
        else {
            throw Inconsistency("it quotes \(quote.source) v\(quote.version), which no earlier entry added")
        }
        let key = "\(quote.source) v\(quote.version)"
        let length: Int = try row.stored("length", of: key)
        guard anchor.textSHA256.hex == (try row.stored("text_sha256", of: key) as String?) else {
            throw Inconsistency("its quote was anchored in a text other than \(key)")
        }
        // Compared without adding: an entry may carry offsets near `Int.max`.
        guard anchor.start >= prefixLength, anchor.start <= anchor.end, suffixLength <= length,
            anchor.end <= length - suffixLength
        else {
            throw Inconsistency("its quote's offsets \(anchor.start)–\(anchor.end) fall outside \(key)")
        }
        guard try Self.sameScalars(anchor.exact, row.stored("exact", of: key)),
            try Self.sameScalars(anchor.prefix, row.stored("prefix", of: key)),
            try Self.sameScalars(anchor.suffix, row.stored("suffix", of: key))
        else {
            throw Inconsistency("its quote is not the text of \(key) at offsets \(anchor.start)–\(anchor.end)")
        }
        let around: String = try row.stored("around", of: key) ?? ""
        let boundaries = Self.graphemeBoundaries(of: around)
        let windowEnd = windowStart + around.unicodeScalars.count
        for offset in [anchor.start, anchor.end]
        where offset > windowStart && offset < windowEnd && !boundaries.contains(offset - windowStart) {
            throw Inconsistency("its quote's offset \(offset) splits a character of \(key)")
        }
    }

    /// Whether `stored` holds the very scalars of `text`, as `QuoteAnchor.check` compares them — not merely
    /// a canonically equivalent sequence, which `String` equality accepts.
    private static func sameScalars(_ text: String, _ stored: String?) -> Bool {
        stored.map { text.unicodeScalars.elementsEqual($0.unicodeScalars) } ?? false
    }

    /// The scalar offsets at which `text`'s grapheme clusters start (and its end).
    private static func graphemeBoundaries(of text: String) -> Set<Int> {
        var boundaries: Set<Int> = [0]
        var offset = 0
        for character in text {
            offset += character.unicodeScalars.count
            boundaries.insert(offset)
        }
        return boundaries
    }
}
