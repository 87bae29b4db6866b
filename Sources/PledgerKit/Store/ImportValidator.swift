import GRDB

/// Checks that an entry from outside — an export line — is consistent in itself before it is recorded: its
/// texts are canonical and hash to their recorded digests, and its quotes are the characters at their offsets.
///
/// Actions never need this (they build consistent entries); an import does, because a line can be canonical
/// JSON and still lie about its own text.
struct ImportValidator {

    mutating func check(_ entry: LedgerEntry, in db: Database) throws {
        switch entry.event {
        case .sourceAdded(let added):
            try checkText(added.text, hash: added.textSHA256, source: added.source, version: added.version, entry: entry)
        case .sourceRevised(let revised):
            try checkText(revised.text, hash: revised.textSHA256, source: revised.source, version: revised.version, entry: entry)
        case .commitmentLogged(let logged):
            try checkQuote(logged.quote, entry: entry, db)
        case .evidenceAttached(let attached):
            try checkQuote(attached.quote, entry: entry, db)
        case .anchorMoved(let moved):
            if let anchor = moved.to {
                try checkQuote(AnchoredQuote(source: moved.source, version: moved.toVersion, anchor: anchor), entry: entry, db)
            }
        default:
            break
        }
    }

    private mutating func checkText(_ text: String, hash: SHA256Hash, source: SourceRef, version: Int, entry: LedgerEntry) throws {
        let canonical: CanonicalText
        do {
            canonical = try CanonicalText(decoding: Array(text.utf8))
        } catch {
            throw refusal(entry, "its text is not a valid source text (\(error))")
        }
        guard canonical.string == text else {
            throw refusal(entry, "its text is not in canonical form (UTF-8, LF, NFC)")
        }
        guard canonical.sha256 == hash else {
            throw refusal(entry, "its text hashes to \(canonical.sha256.hex), not the recorded \(hash.hex)")
        }
    }

    /// Checks a quote against its stored source text with SQLite's `substr`, which counts code points like the
    /// anchor does, so that memory stays flat however many sources an import brings.
    private mutating func checkQuote(_ quote: AnchoredQuote, entry: LedgerEntry, _ db: Database) throws {
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
            throw refusal(entry, "it quotes \(quote.source) v\(quote.version), which no earlier entry added")
        }
        let key = "\(quote.source) v\(quote.version)"
        let length: Int = row["length"]
        guard anchor.textSHA256.hex == row["text_sha256"] as String? else {
            throw refusal(entry, "its quote was anchored in a text other than \(key)")
        }
        guard anchor.start >= prefixLength, anchor.start <= anchor.end, anchor.end + suffixLength <= length else {
            throw refusal(entry, "its quote's offsets \(anchor.start)–\(anchor.end) fall outside \(key)")
        }
        guard anchor.exact == row["exact"] as String?, anchor.prefix == row["prefix"] as String?,
            anchor.suffix == row["suffix"] as String?
        else {
            throw refusal(entry, "its quote is not the text of \(key) at offsets \(anchor.start)–\(anchor.end)")
        }
        let around: String = row["around"] ?? ""
        let boundaries = Self.graphemeBoundaries(of: around)
        let windowEnd = windowStart + around.unicodeScalars.count
        for offset in [anchor.start, anchor.end]
        where offset > windowStart && offset < windowEnd && !boundaries.contains(offset - windowStart) {
            throw refusal(entry, "its quote's offset \(offset) splits a character of \(key)")
        }
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

    private func refusal(_ entry: LedgerEntry, _ reason: String) -> PledgerError {
        .invalidInput("entry \(entry.index) (\(entry.event.kind.rawValue)) is inconsistent: \(reason); the export was altered or damaged")
    }
}
