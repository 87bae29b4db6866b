import PledgerKit

/// One-line descriptions shared by the text outputs.
enum Describe {
    /// `“exact words” (S2 v1, code points 10–30)`.
    static func quote(_ quote: AnchoredQuote) -> String {
        let anchor = quote.anchor
        return "“\(anchor.exact.replacingOccurrences(of: "\n", with: " "))” (\(quote.source) v\(quote.version), code points \(anchor.start)–\(anchor.end))"
    }

    /// One re-anchoring outcome: `C1: approximate, S1 v1 → v2, code points 120–180, score 0.9871`.
    static func move(_ moved: AnchorMoved) -> String {
        guard let to = moved.to else {
            return "\(moved.owner): ORPHANED — not found in \(moved.source) v\(moved.toVersion) (best score \(moved.score)); still anchored in v\(moved.fromVersion)"
        }
        return "\(moved.owner): \(moved.method.rawValue), \(moved.source) v\(moved.fromVersion) → v\(moved.toVersion), code points \(moved.from.start)–\(moved.from.end) → \(to.start)–\(to.end), score \(moved.score)"
    }

    /// The warning line for an orphaned quote.
    static func orphan(_ orphan: OrphanedQuote) -> String {
        "ORPHANED: not found in \(orphan.quote.source) v\(orphan.orphanedIn) (best score \(orphan.bestScore)); still anchored in v\(orphan.quote.version)"
    }

    /// `text` with each line after its first indented by `indent` spaces: a note or rationale of several
    /// lines, shown after a label, keeps its later lines under its first rather than at the margin.
    static func continued(_ text: String, indent: Int) -> String {
        // By character, so that CRLF (one character) breaks a line too.
        text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
            .joined(separator: "\n" + String(repeating: " ", count: indent))
    }

    /// The note a list or report as of today adds when it leaves out commitments made, or assessments
    /// effective, after today in UTC (which the date options allow, for time zones ahead of UTC); `nil` when
    /// it leaves out none.
    static func laterDatedNote(_ store: LedgerStore, today: CalendarDate) throws -> String? {
        let later = try store.datedAfter(today)
        var parts: [String] = []
        if later.commitments > 0 { parts.append(Wording.count(later.commitments, "commitment") + " made") }
        if later.assessments > 0 { parts.append(Wording.count(later.assessments, "assessment") + " effective") }
        guard !parts.isEmpty else { return nil }
        let one = later.commitments + later.assessments == 1
        return "note: \(parts.joined(separator: " and ")) after \(today) (today in UTC) \(one ? "is" : "are") not counted; pass --as-of \(today.adding(days: 1)) to include \(one ? "it" : "them")"
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
        case .checkpointRecorded(let recorded):
            "checkpoint of \(recorded.treeSize) entries, root \(recorded.rootHash.hex.prefix(12)), signed by \(recorded.origin)"
        case .sourceRevised(let revised):
            "\(revised.source) v\(revised.version): revised (text SHA-256 \(revised.textSHA256.hex.prefix(12)))"
        case .anchorMoved(let moved):
            moved.to.map { to in
                "quote of \(moved.owner) \(moved.method.rawValue) \(moved.source) v\(moved.fromVersion)→v\(moved.toVersion), code points \(to.start)–\(to.end), score \(moved.score)"
            } ?? "quote of \(moved.owner) ORPHANED in \(moved.source) v\(moved.toVersion) (best score \(moved.score)); still anchored in v\(moved.fromVersion)"
        }
    }

    /// The lines `show S1` prints.
    /// The details `show` and `source show` print for a source: its metadata, and its latest version's
    /// length and hashes. `latest` is that version's record; when it is a revision, the entry hash is the
    /// revision's, and the entry that first archived the source is named too.
    static func sourceDetails(_ source: Source, latest: SourceVersion?) -> [String] {
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
        ]
        if let latest, latest.version > 1 {
            lines.append("  entry hash:    \(latest.entryHash.hex) (the revision to v\(latest.version))")
            lines.append("  added by:      \(source.entryHash.hex) (v1)")
        } else {
            lines.append("  entry hash:    \(source.entryHash.hex)")
        }
        return lines
    }
}
