import GRDB

/// What a user asks to attach as evidence, before it is validated and anchored.
public struct EvidenceDraft: Sendable {
    /// The commitment the evidence bears on.
    public var commitment: CommitmentRef
    /// The source that holds the observation's words.
    public var source: SourceRef
    /// The words as the user typed them.
    public var quote: String
    /// Which hit to use when the quote occurs several times (1-based).
    public var occurrence: Int?
    /// How the evidence bears on the commitment.
    public var stance: Stance
    /// The day of the observation; defaults to the source's publication day, else today.
    public var observedOn: CalendarDate?
    /// The editor's note.
    public var note: String?

    /// Creates a draft.
    public init(
        commitment: CommitmentRef, source: SourceRef, quote: String, occurrence: Int? = nil, stance: Stance,
        observedOn: CalendarDate? = nil, note: String? = nil
    ) {
        self.commitment = commitment
        self.source = source
        self.quote = quote
        self.occurrence = occurrence
        self.stance = stance
        self.observedOn = observedOn
        self.note = note
    }
}

extension LedgerStore {
    /// Attaches evidence to a commitment, anchoring its quote in the source.
    public func attachEvidence(_ draft: EvidenceDraft) throws -> Evidence {
        try write { db in
            _ = try Self.fetchCommitment(draft.commitment, in: db)
            let source = try Self.fetchSource(draft.source, in: db)
            let quote = try Self.anchorQuote(draft.quote, in: source, occurrence: draft.occurrence, db)
            if let earlier = try Self.evidenceCiting(quote, on: draft.commitment, as: draft.stance, db) {
                throw PledgerError.conflict(
                    "\(earlier) already cites these words of \(source.ref), or words around them, on \(draft.commitment) as \(draft.stance.rawValue); the same evidence would count twice — quote other words, or choose another --stance")
            }
            let ref = EvidenceRef(try Self.nextID(in: "evidence", db))
            let observedOn = draft.observedOn ?? source.metadata.publishedOn ?? CalendarDate(clock())
            try requireNotAfterToday(
                observedOn,
                option: draft.observedOn == nil ? "the publication date of \(source.ref), the default --observed," : "--observed",
                what: "evidence is attached once it has been observed")
            try append(
                .evidenceAttached(EvidenceAttached(
                    evidence: ref, commitment: draft.commitment, quote: quote, observedOn: observedOn,
                    stance: draft.stance, note: try Self.optionalText(draft.note, option: "--note"))),
                in: db)
            return try Self.fetchEvidence(ref, in: db)
        }
    }

    /// The evidence on `commitment` that already cites, with `stance`, characters of the same source version
    /// that `quote` anchors too: the same words, or a longer or shorter passage around them, are the same
    /// observation.
    private static func evidenceCiting(
        _ quote: AnchoredQuote, on commitment: CommitmentRef, as stance: Stance, _ db: Database
    ) throws -> EvidenceRef? {
        try Int.fetchOne(
            db,
            sql: """
                SELECT v.id FROM evidence v JOIN quote_anchor q ON q.id = v.quote_id
                WHERE v.commitment_id = ? AND v.stance = ? AND q.source_id = ? AND q.version = ?
                  AND q.start < ? AND q."end" > ?
                ORDER BY v.id LIMIT 1
                """,
            arguments: [
                commitment.number, stance.rawValue, quote.source.number, quote.version, quote.anchor.end,
                quote.anchor.start,
            ]
        ).map(EvidenceRef.init)
    }

    /// One piece of evidence.
    public func evidence(_ ref: EvidenceRef) throws -> Evidence {
        try read { db in try Self.fetchEvidence(ref, in: db) }
    }

    static func fetchEvidence(_ ref: EvidenceRef, in db: Database) throws -> Evidence {
        guard
            let row = try Row.fetchOne(
                db, sql: "SELECT * FROM evidence WHERE id = ?", arguments: [ref.number])
        else {
            throw PledgerError.notFound("there is no evidence \(ref); run `pledger show C<n>` to see a commitment's evidence")
        }
        guard let stance = Stance.fromDatabaseValue(row["stance"]),
            let observedOn = CalendarDate.fromDatabaseValue(row["observed_on"])
        else {
            throw PledgerError.ledgerUnavailable("evidence \(ref) has a damaged stance or date; run `pledger verify`")
        }
        return Evidence(
            ref: ref, commitment: CommitmentRef(try row.stored("commitment_id", of: "evidence \(ref)", as: Int.self)),
            quote: try fetchQuote(id: row.stored("quote_id", of: "evidence \(ref)"), in: db), observedOn: observedOn,
            stance: stance, note: try row.stored("note", of: "evidence \(ref)"),
            entryHash: try storedEntryLeafHash(row, of: "evidence \(ref)"))
    }
}
