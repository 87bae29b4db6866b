import GRDB

/// Checks that an entry from outside — an export line — is consistent in itself before it is recorded: its
/// texts are canonical and hash to their recorded digests, and its quotes are the characters at their offsets.
///
/// Actions never need this (they build consistent entries); an import does, because a line can be canonical
/// JSON and still lie about its own text.
struct ImportValidator {
    private var texts: [String: CanonicalText] = [:]

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
        texts["\(source) v\(version)"] = canonical
    }

    private mutating func checkQuote(_ quote: AnchoredQuote, entry: LedgerEntry, _ db: Database) throws {
        let key = "\(quote.source) v\(quote.version)"
        if texts[key] == nil {
            guard
                let stored = try String.fetchOne(
                    db, sql: "SELECT text FROM source_version WHERE source_id = ? AND version = ?",
                    arguments: [quote.source.number, quote.version])
            else {
                throw refusal(entry, "it quotes \(key), which no earlier entry added")
            }
            texts[key] = try? CanonicalText(decoding: Array(stored.utf8))
        }
        guard let text = texts[key] else {
            throw refusal(entry, "the text of \(key) is unreadable")
        }
        if let problem = quote.anchor.check(against: text).first {
            throw refusal(entry, "its quote does not match \(key): \(problem)")
        }
    }

    private func refusal(_ entry: LedgerEntry, _ reason: String) -> PledgerError {
        .invalidInput("entry \(entry.index) (\(entry.event.kind.rawValue)) is inconsistent: \(reason); the export was altered or damaged")
    }
}
