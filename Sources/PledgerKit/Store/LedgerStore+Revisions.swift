import Foundation
import GRDB

extension LedgerStore {
    /// Stores a new version of a source and re-anchors every quote into it, in one transaction: a
    /// `source.revised` entry, then one `anchor.moved` entry per quote (commitments first, then evidence, each in
    /// ref order) recording its method and score — or that it is orphaned, in which case it keeps pointing at the
    /// version it was found in.
    ///
    /// Refuses text that is already the source's latest version, and bytes that cannot be a source. HTML is
    /// detected as in ``addSource(bytes:metadata:mediaType:)``.
    public func reviseSource(_ ref: SourceRef, bytes: [UInt8], mediaType: SourceMediaType? = nil) throws
        -> SourceRevision
    {
        try Self.requireAcceptableSize(bytes, "the new version")
        let mediaType = mediaType ?? SourceMediaType.detect(fileName: nil, bytes: bytes)
        let newText = try Self.canonicalText(of: bytes, as: mediaType)
        let originalSHA256 = SHA256Hash.digest(of: bytes)
        return try write { db in
            let source = try Self.fetchSource(ref, in: db)
            guard source.textSHA256 != newText.sha256 else {
                throw PledgerError.conflict(
                    "\(ref) v\(source.latestVersion) already has exactly this text (SHA-256 \(newText.sha256.hex)); nothing to revise")
            }
            let version = source.latestVersion + 1
            try append(
                .sourceRevised(SourceRevised(
                    source: ref, version: version, originalSHA256: originalSHA256, textSHA256: newText.sha256,
                    text: newText.string, mediaType: mediaType.recorded)),
                in: db)
            var reanchorers: [Int: QuoteReanchorer] = [:]
            var moves: [AnchorMoved] = []
            for quote in try Self.quotesAnchored(in: ref, db) {
                let oldVersion = quote.quote.version
                if reanchorers[oldVersion] == nil {
                    let oldText = try Self.fetchText(ref, version: oldVersion, in: db)
                    reanchorers[oldVersion] = QuoteReanchorer(oldText: oldText, newText: newText)
                }
                guard let reanchorer = reanchorers[oldVersion] else { continue }
                let result = reanchorer.reanchor(quote.quote.anchor)
                let moved = AnchorMoved(
                    commitment: quote.commitment, evidence: quote.evidence, source: ref, fromVersion: oldVersion,
                    toVersion: version, method: result.method, score: result.score, from: quote.quote.anchor,
                    to: result.anchor)
                try append(.anchorMoved(moved), in: db)
                moves.append(moved)
            }
            return SourceRevision(source: try Self.fetchSource(ref, in: db), version: version, moves: moves)
        }
    }

    /// Every version of a source, oldest first.
    public func sourceVersions(_ ref: SourceRef) throws -> [SourceVersion] {
        try read { db in
            _ = try Self.fetchSource(ref, in: db)
            return try Row.fetchAll(
                db,
                sql: """
                    SELECT v.version, v.original_sha256, v.text_sha256, v.text_length, v.media_type, e.recorded_at, e.leaf_hash
                    FROM source_version v JOIN entry e ON e.seq = v.entry_seq
                    WHERE v.source_id = ? ORDER BY v.version
                    """, arguments: [ref.number]
            ).map { row in
                let owner = "a version of source \(ref)"
                return SourceVersion(
                    source: ref, version: try row.stored("version", of: owner),
                    originalSHA256: try Self.hash(row, "original_sha256"), textSHA256: try Self.hash(row, "text_sha256"),
                    textLength: try row.stored("text_length", of: owner), mediaType: try row.stored("media_type", of: owner),
                    recordedAt: try row.stored("recorded_at", of: owner), entryHash: try Self.leafHash(row))
            }
        }
    }

    /// What a refusal of a missing version says the source holds: `it has only version 1`, `it has versions 1–3`.
    static func versionsHeld(_ count: Int) -> String {
        count == 1 ? "it has only version 1" : "it has versions 1–\(count)"
    }

    /// One version of a source; refuses a version the source does not have.
    public func sourceVersion(_ ref: SourceRef, version: Int) throws -> SourceVersion {
        let versions = try sourceVersions(ref)
        guard let found = versions.first(where: { $0.version == version }) else {
            throw PledgerError.notFound("source \(ref) has no version \(version); \(Self.versionsHeld(versions.count))")
        }
        return found
    }

    /// The quotes whose latest re-anchoring found them nowhere in the newest version of their source, by owner:
    /// of every commitment and piece of evidence, or of `commitment` and its evidence alone — read through
    /// their indexes, where every quote of a large ledger would take seconds.
    public func orphanedQuotes(of commitment: CommitmentRef? = nil) throws -> [OrphanedQuote] {
        try read { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT owner, commitment_id, quote_id, orphaned_version,
                           (SELECT score FROM anchor_move m WHERE m.quote_id = q.quote_id ORDER BY entry_seq DESC LIMIT 1) AS score
                    FROM (SELECT 'C' || c.id AS owner, c.id AS commitment_id, c.quote_id, 0 AS kind, c.id AS number
                          FROM commitment c
                          UNION ALL
                          SELECT 'E' || v.id, v.commitment_id, v.quote_id, 1, v.id FROM evidence v) q
                    JOIN quote_anchor a ON a.id = q.quote_id
                    WHERE a.orphaned_version IS NOT NULL\(commitment == nil ? "" : " AND q.commitment_id = ?")
                    ORDER BY kind, number
                    """,
                arguments: StatementArguments(commitment.map { [$0.number] } ?? []))
            return try rows.map { row in
                let owner: String = try row.stored("owner", of: "an orphaned quote")
                return OrphanedQuote(
                    owner: owner, commitment: CommitmentRef(try row.stored("commitment_id", of: owner, as: Int.self)),
                    quote: try Self.fetchQuote(id: row.stored("quote_id", of: owner), in: db),
                    orphanedIn: try row.stored("orphaned_version", of: "\(owner)'s quote"),
                    bestScore: try row.stored("score", of: "\(owner)'s last move") ?? 0)
            }
        }
    }

    /// The `anchor.moved` outcomes recorded for a source (all sources when `nil`), in log order.
    public func anchorMoves(in source: SourceRef? = nil) throws -> [AnchorMoved] {
        try read { db in
            try Data.fetchAll(db, sql: "SELECT body FROM entry WHERE kind = ? ORDER BY seq", arguments: [EntryKind.anchorMoved])
                .compactMap { body -> AnchorMoved? in
                    guard case .anchorMoved(let moved) = try LedgerEntry(body: Array(body)).event else { return nil }
                    return source.map { moved.source == $0 } ?? true ? moved : nil
                }
        }
    }

    /// A quote into a source, with its owner.
    private struct OwnedQuote {
        var commitment: CommitmentRef?
        var evidence: EvidenceRef?
        var quote: AnchoredQuote
    }

    /// Every quote into `source`, whichever version it points at: commitments first, then evidence, in ref order.
    private static func quotesAnchored(in source: SourceRef, _ db: Database) throws -> [OwnedQuote] {
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT c.id AS commitment_id, NULL AS evidence_id, c.quote_id FROM commitment c
                JOIN quote_anchor q ON q.id = c.quote_id WHERE q.source_id = :source
                UNION ALL
                SELECT NULL, v.id, v.quote_id FROM evidence v
                JOIN quote_anchor q ON q.id = v.quote_id WHERE q.source_id = :source
                """, arguments: ["source": source.number])
        let quotes = try rows.map { row in
            let commitment: Int? = try row.stored("commitment_id", of: "a quote into \(source)")
            let evidence: Int? = try row.stored("evidence_id", of: "a quote into \(source)")
            return OwnedQuote(
                commitment: commitment.map(CommitmentRef.init), evidence: evidence.map(EvidenceRef.init),
                quote: try fetchQuote(id: row.stored("quote_id", of: "a quote into \(source)"), in: db))
        }
        return quotes.sorted { first, second in
            switch (first.commitment, second.commitment) {
            case (let a?, let b?): a < b
            case (.some, nil): true
            case (nil, .some): false
            case (nil, nil): (first.evidence?.number ?? 0) < (second.evidence?.number ?? 0)
            }
        }
    }
}

// MARK: - Verification warnings

extension LedgerStore {
    /// What `verify` reports as warnings rather than problems: quotes orphaned by a source revision. They are
    /// not damage — the ledger says truthfully that the words were not found — but a reader should know.
    public func verificationWarnings() throws -> [VerificationProblem] {
        try orphanedQuotes().map { orphan in
            VerificationProblem(
                location: "quote of \(orphan.owner) in \(orphan.quote.source)",
                message: "orphaned: not found in v\(orphan.orphanedIn) (best score \(orphan.bestScore), below \(QuoteReanchorer.minimumScore)); still anchored in v\(orphan.quote.version)")
        }
    }
}
