import PledgerKit

/// One-line descriptions shared by the text outputs.
enum Describe {
    /// `“exact words” (S2 v1, code points 10–30)`.
    static func quote(_ quote: AnchoredQuote) -> String {
        let anchor = quote.anchor
        return "“\(anchor.exact.replacingOccurrences(of: "\n", with: " "))” (\(quote.source) v\(quote.version), code points \(anchor.start)–\(anchor.end))"
    }

    /// The promisors and promisee of a commitment: `xi-jinping → joe-biden`.
    static func parties(_ commitment: Commitment) -> String {
        let promisors = commitment.promisors.map(\.rawValue).joined(separator: ", ")
        return commitment.promisee.map { "\(promisors) → \($0)" } ?? promisors
    }

    /// A one-line summary of what an entry recorded.
    static func entry(_ entry: LedgerEntry) -> String {
        switch entry.event {
        case .ledgerCreated(let created):
            "ledger created" + (created.label.map { ": \($0)" } ?? "")
        case .sourceAdded(let added):
            "\(added.source) v\(added.version): \(added.metadata.title)"
        case .actorAdded(let added):
            "actor \(added.actor): \(added.name) (\(added.kind.rawValue))"
        case .commitmentLogged(let logged):
            "\(logged.commitment) by \(logged.promisors.map(\.rawValue).joined(separator: ", ")): \(logged.summary)"
        case .evidenceAttached(let attached):
            "\(attached.evidence) on \(attached.commitment), \(attached.stance.rawValue), observed \(attached.observedOn)"
        case .statusAssessed(let assessed):
            "\(assessed.assessment) \(assessed.commitment)\(assessed.promisor.map { " for \($0)" } ?? "") → \(assessed.status.rawValue) from \(assessed.effectiveOn)"
        }
    }

    /// The lines `show S1` prints.
    static func sourceDetails(_ source: Source) -> [String] {
        let metadata = source.metadata
        var lines = [
            "\(source.ref): \(metadata.title)",
            "  publisher:     \(metadata.publisher)",
        ]
        if let author = metadata.author { lines.append("  author:        \(author)") }
        if let url = metadata.url { lines.append("  url:           \(url)") }
        if let published = metadata.publishedOn { lines.append("  published:     \(published)") }
        if let retrieved = metadata.retrievedAt { lines.append("  retrieved:     \(retrieved)") }
        lines += [
            "  version:       \(source.latestVersion)",
            "  code points:   \(source.textLength)",
            "  original hash: \(source.originalSHA256.hex)",
            "  text hash:     \(source.textSHA256.hex)",
            "  entry hash:    \(source.entryHash.hex)",
        ]
        return lines
    }
}
