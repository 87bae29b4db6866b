import GRDB

/// What a user asks to record as an assessment, before it is validated.
public struct AssessmentDraft: Sendable {
    /// The commitment judged.
    public var commitment: CommitmentRef
    /// The status given (any but `not-yet-rated`).
    public var status: Status
    /// One promisor to judge, or `nil` for all of them.
    public var promisor: ActorSlug?
    /// The evidence relied on; each must belong to the commitment.
    public var evidence: [EvidenceRef]
    /// Why.
    public var rationale: String
    /// The day from which the status holds; defaults to today.
    public var effectiveOn: CalendarDate?

    /// Creates a draft.
    public init(
        commitment: CommitmentRef, status: Status, promisor: ActorSlug? = nil, evidence: [EvidenceRef] = [],
        rationale: String, effectiveOn: CalendarDate? = nil
    ) {
        self.commitment = commitment
        self.status = status
        self.promisor = promisor
        self.evidence = evidence
        self.rationale = rationale
        self.effectiveOn = effectiveOn
    }
}

extension LedgerStore {
    /// Records a status judgement on a commitment.
    ///
    /// Refuses `not-yet-rated` (it is implicit), a `promisor` that is not one of the commitment's promisors,
    /// evidence that belongs to another commitment, an effective day before the promise was made, and a copy
    /// of the assessment that holds for the same promisor from the same day (the last recorded): the same
    /// status and evidence, and a rationale that differs at most in letter case, spacing and final punctuation.
    public func assess(_ draft: AssessmentDraft) throws -> Assessment {
        try write { db in try assess(draft, in: db) }
    }

    /// Records an assessment inside the caller's transaction.
    func assess(_ draft: AssessmentDraft, in db: Database) throws -> Assessment {
        guard draft.status != .notYetRated else {
            throw PledgerError.invalidInput(
                "status not-yet-rated is implicit and cannot be assessed; choose one of \(Status.assessable.listedSpellings)")
        }
        let rationale = try Self.requireText(draft.rationale, option: "--rationale")
        let commitment = try Self.fetchCommitment(draft.commitment, in: db)
        if let promisor = draft.promisor, !commitment.promisors.contains(promisor) {
            throw PledgerError.invalidInput(
                "'\(promisor)' is not a promisor of \(commitment.ref); --for takes one of: \(commitment.promisors.map(\.rawValue).joined(separator: ", "))")
        }
        var evidence: [EvidenceRef] = []
        for ref in draft.evidence where !evidence.contains(ref) {
            let item = try Self.fetchEvidence(ref, in: db)
            guard item.commitment == commitment.ref else {
                throw PledgerError.invalidInput(
                    "evidence \(ref) belongs to \(item.commitment), not \(commitment.ref); cite only evidence attached to \(commitment.ref)")
            }
            evidence.append(ref)
        }
        let effectiveOn = draft.effectiveOn ?? CalendarDate(clock())
        try requireNotAfterToday(effectiveOn, option: "--effective", what: "an assessment records what is known now")
        guard effectiveOn >= commitment.madeOn else {
            throw PledgerError.invalidInput(
                "effective date \(effectiveOn) is before \(commitment.ref) was made (\(commitment.madeOn)); check --effective")
        }
        // Compared with the judgement that now holds for this promisor from this day — the last recorded, which
        // wins a tie — so that switching back after a mistaken assessment is a new judgement, not a copy.
        if let earlier = try Self.fetchAssessments(of: commitment.ref, in: db).last(where: { earlier in
            earlier.promisor == draft.promisor && earlier.effectiveOn == effectiveOn
        }), earlier.status == draft.status, Set(earlier.evidence) == Set(evidence),
            Self.comparable(earlier.rationale) == Self.comparable(rationale)
        {
            throw PledgerError.conflict(
                "\(earlier.ref) already records this judgement of \(commitment.ref) (the same status, day, evidence and rationale); nothing would change — if it is a new one, give it its own --rationale")
        }
        let ref = AssessmentRef(try Self.nextID(in: "assessment", db))
        try append(
            .statusAssessed(StatusAssessed(
                assessment: ref, commitment: commitment.ref, promisor: draft.promisor, status: draft.status,
                effectiveOn: effectiveOn, rationale: rationale, evidence: evidence)),
            in: db)
        guard let assessment = try Self.fetchAssessments(of: commitment.ref, in: db).first(where: { $0.ref == ref }) else {
            throw PledgerError.ledgerUnavailable("assessment \(ref) was not projected; run `pledger verify`")
        }
        return assessment
    }

    /// Every assessment of a commitment, in the order they were recorded.
    public func assessments(of commitment: CommitmentRef) throws -> [Assessment] {
        try read { db in
            _ = try Self.fetchCommitment(commitment, in: db)
            return try Self.fetchAssessments(of: commitment, in: db)
        }
    }

    static func fetchAssessments(of commitment: CommitmentRef, in db: Database) throws -> [Assessment] {
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT * FROM assessment WHERE commitment_id = ? ORDER BY entry_seq
                """, arguments: [commitment.number])
        return try rows.map { row in
            let id: Int = try row.stored("id", of: "an assessment of \(commitment)")
            guard let status = Status.fromDatabaseValue(row["status"]),
                let effectiveOn = CalendarDate.fromDatabaseValue(row["effective_on"])
            else {
                throw PledgerError.ledgerUnavailable("assessment A\(id) has a damaged status or date; run `pledger verify`")
            }
            let evidence = try Int.fetchAll(
                db, sql: "SELECT evidence_id FROM assessment_evidence WHERE assessment_id = ? ORDER BY position",
                arguments: [id]
            ).map(EvidenceRef.init)
            return Assessment(
                ref: AssessmentRef(id), commitment: commitment, promisor: try row.stored("promisor_slug", of: "A\(id)"),
                status: status, effectiveOn: effectiveOn, rationale: try row.stored("rationale", of: "A\(id)"),
                evidence: evidence, assessor: try storedText(row, "entry_author", "entry author of A\(id)"),
                recordedAt: try storedText(row, "entry_recorded_at", "entry time of A\(id)"),
                entryHash: try storedEntryLeafHash(row, of: "assessment A\(id)"))
        }
    }
}

extension LedgerStore {
    /// One assessment.
    public func assessment(_ ref: AssessmentRef) throws -> Assessment {
        try read { db in
            guard let commitmentID = try Int.fetchOne(db, sql: "SELECT commitment_id FROM assessment WHERE id = ?", arguments: [ref.number]),
                let assessment = try Self.fetchAssessments(of: CommitmentRef(commitmentID), in: db).first(where: { $0.ref == ref })
            else {
                throw PledgerError.notFound("there is no assessment \(ref); run `pledger history C<n>` to see a commitment's assessments")
            }
            return assessment
        }
    }
}
