extension ComplianceReport {
    /// The JSON shape version this code writes. Version 2 added `scope.status`, `stamp.asOf`,
    /// `stamp.asRecorded`, `changes`, `criteria`, and per-party `overdue`/`daysOverdue`.
    public static let currentSchemaVersion = 2

    /// Computes a report from ledger contents.
    ///
    /// - Parameters:
    ///   - dossiers: every commitment with its evidence and assessments.
    ///   - actors: every actor, for names.
    ///   - sources: every source, for citations.
    ///   - stamp: the ledger state and the as-of day; commitments, evidence and assessments dated after
    ///     `stamp.asOf` are left out.
    ///   - scope: which commitments to cover.
    ///   - since: when set, the report also lists what changed after this day (see ``Changes``).
    public init(
        dossiers: [CommitmentDossier], actors: [Actor], sources: [Source], stamp: Stamp, scope: Scope,
        since: CalendarDate? = nil
    ) {
        let asOf = stamp.asOf
        var names: [ActorSlug: String] = [:]
        for actor in actors { names[actor.slug] = actor.name }
        var sourcesByRef: [SourceRef: Source] = [:]
        for source in sources { sourcesByRef[source.ref] = source }
        let filter = CommitmentFilter(status: scope.status, actor: scope.actor, tag: scope.tag)
        let covered = dossiers.filter { $0.wasMade(by: asOf) && filter.matches($0, asOf: asOf) }

        func name(_ slug: ActorSlug) -> String { names[slug] ?? slug.rawValue }
        func cite(_ quote: AnchoredQuote) -> CitedQuote {
            let source = sourcesByRef[quote.source]
            return CitedQuote(
                source: quote.source, title: source?.metadata.title ?? "", publisher: source?.metadata.publisher ?? "",
                publishedOn: source?.metadata.publishedOn, url: source?.metadata.url, version: quote.version,
                textSHA256: quote.anchor.textSHA256, start: quote.anchor.start, end: quote.anchor.end,
                exact: quote.anchor.exact, prefix: quote.anchor.prefix, suffix: quote.anchor.suffix)
        }

        var statusesByActor: [ActorSlug: [Status]] = [:]
        var allStatuses: [Status] = []
        var items: [Item] = []
        items.reserveCapacity(covered.count)
        for dossier in covered {
            let commitment = dossier.commitment
            let parties = commitment.promisors.map { slug in
                let status = dossier.status(of: slug, asOf: asOf)
                let daysOverdue = Self.daysOverdue(due: commitment.dueOn, status: status, asOf: asOf)
                return Party(
                    slug: slug, name: name(slug), status: status, overdue: daysOverdue != nil, daysOverdue: daysOverdue)
            }
            for party in parties {
                statusesByActor[party.slug, default: []].append(party.status)
                allStatuses.append(party.status)
            }
            var supporting: [CitedEvidence] = []
            var contradicting: [CitedEvidence] = []
            var context: [CitedEvidence] = []
            for piece in dossier.evidence where piece.observedOn <= asOf {
                let cited = CitedEvidence(
                    ref: piece.ref, entryHash: piece.entryHash, observedOn: piece.observedOn, stance: piece.stance,
                    note: piece.note, quote: cite(piece.quote))
                switch piece.stance {
                case .supports: supporting.append(cited)
                case .contradicts: contradicting.append(cited)
                case .context: context.append(cited)
                }
            }
            let history = dossier.assessments.filter { $0.effectiveOn <= asOf }
                .sorted { $0.effectiveOn < $1.effectiveOn }
                .map(AssessmentSummary.init)
            let status = dossier.status(asOf: asOf)
            let daysOverdue = Self.daysOverdue(due: commitment.dueOn, status: status, asOf: asOf)
            items.append(Item(
                ref: commitment.ref, entryHash: commitment.entryHash, summary: commitment.summary, promisors: parties,
                promisee: commitment.promisee.map { Named(slug: $0, name: name($0)) }, madeOn: commitment.madeOn,
                dueOn: commitment.dueOn, criteria: commitment.criteria, status: status, overdue: daysOverdue != nil,
                daysOverdue: daysOverdue, quote: cite(commitment.quote),
                latestAssessment: dossier.governingAssessment(asOf: asOf).map(AssessmentSummary.init),
                supporting: supporting, contradicting: contradicting, context: context, history: history,
                tags: commitment.tags))
        }

        schemaVersion = Self.currentSchemaVersion
        self.asOf = asOf
        self.scope = scope
        self.stamp = stamp
        overall = Scorecard(statuses: allStatuses)
        self.actors = statusesByActor.keys.sorted().map { slug in
            ActorScorecard(actor: slug, name: name(slug), scorecard: Scorecard(statuses: statusesByActor[slug] ?? []))
        }
        commitments = items
        overdue = items.filter(\.overdue).map(\.ref)
        changes = since.map { Self.changes(in: covered, since: $0, asOf: asOf, name: name) }
    }

    /// Computes a report from ledger contents, stamped with `head` (the form of schema version 1).
    public init(
        dossiers: [CommitmentDossier], actors: [Actor], sources: [Source], head: LedgerHead, asOf: CalendarDate,
        scope: Scope, generatedAt: String
    ) {
        self.init(
            dossiers: dossiers, actors: actors, sources: sources,
            stamp: Stamp(entryCount: head.size, rootHash: head.rootHash, generatedAt: generatedAt, asOf: asOf),
            scope: scope)
    }

    /// Days past `due` on `asOf` for a party or commitment with `status`, or `nil` when not overdue.
    static func daysOverdue(due: CalendarDate?, status: Status, asOf: CalendarDate) -> Int? {
        guard let due, due < asOf, !status.isSettled else { return nil }
        return due.days(until: asOf)
    }

    private static func changes(
        in covered: [CommitmentDossier], since: CalendarDate, asOf: CalendarDate, name: (ActorSlug) -> String
    ) -> Changes {
        var newCommitments: [NewCommitment] = []
        var moves: [StatusMove] = []
        var newEvidence: [NewEvidence] = []
        for dossier in covered {
            let commitment = dossier.commitment
            for piece in dossier.evidence where piece.observedOn > since && piece.observedOn <= asOf {
                newEvidence.append(NewEvidence(
                    evidence: piece.ref, commitment: commitment.ref, stance: piece.stance, observedOn: piece.observedOn,
                    exact: piece.quote.anchor.exact))
            }
            guard commitment.madeOn <= since else {
                newCommitments.append(NewCommitment(
                    commitment: commitment.ref, summary: commitment.summary, madeOn: commitment.madeOn,
                    status: dossier.status(asOf: asOf)))
                continue
            }
            let singleParty = commitment.promisors.count == 1
            let inWindow = dossier.assessments.filter { $0.effectiveOn > since && $0.effectiveOn <= asOf }
                .sorted { $0.effectiveOn < $1.effectiveOn }
            let before = dossier.status(asOf: since)
            let after = dossier.status(asOf: asOf)
            if before != after {
                moves.append(StatusMove(
                    commitment: commitment.ref, summary: commitment.summary, party: nil, before: before, after: after,
                    assessments: inWindow.filter { $0.promisor == nil || singleParty }.map(\.ref)))
            }
            guard !singleParty else { continue }
            // A party's own move is listed when it differs from the overall one (a per-party assessment).
            for party in commitment.promisors {
                let partyBefore = dossier.status(of: party, asOf: since)
                let partyAfter = dossier.status(of: party, asOf: asOf)
                guard partyBefore != partyAfter, partyBefore != before || partyAfter != after else { continue }
                moves.append(StatusMove(
                    commitment: commitment.ref, summary: commitment.summary, party: Named(slug: party, name: name(party)),
                    before: partyBefore, after: partyAfter,
                    assessments: inWindow.filter { $0.promisor == nil || $0.promisor == party }.map(\.ref)))
            }
        }
        newEvidence.sort { $0.evidence < $1.evidence }
        return Changes(since: since, newCommitments: newCommitments, statusMoves: moves, newEvidence: newEvidence)
    }
}

extension ComplianceReport.AssessmentSummary {
    init(_ assessment: Assessment) {
        self.init(
            ref: assessment.ref, entryHash: assessment.entryHash, promisor: assessment.promisor, status: assessment.status,
            effectiveOn: assessment.effectiveOn, rationale: assessment.rationale, assessor: assessment.assessor,
            evidence: assessment.evidence)
    }
}

// MARK: - LedgerStore

extension LedgerStore {
    /// Computes the compliance report over the commitments in `scope`.
    ///
    /// - Parameters:
    ///   - asOf: the day statuses are computed for (effective dates). Defaults to the as-recorded day when
    ///     `asRecorded` names one, else today.
    ///   - scope: which commitments to cover.
    ///   - since: when set, the report also lists what changed after this day; it must be before `asOf`.
    ///   - asRecorded: when set, the report reads the ledger as it stood at that point of the log (recorded
    ///     order), and its stamp says so.
    public func complianceReport(
        asOf: CalendarDate? = nil, scope: ComplianceReport.Scope = .init(), since: CalendarDate? = nil,
        asRecorded: RecordedPoint? = nil
    ) throws -> ComplianceReport {
        guard let asRecorded else {
            return try report(asOf: asOf ?? today, scope: scope, since: since, asRecorded: nil)
        }
        let ledgerHead = try head()
        let count = try entryCount(at: asRecorded)
        var recordedThrough: CalendarDate?
        if case .endOfDay(let day) = asRecorded {
            recordedThrough = day
        }
        let view = try self.asRecorded(entryCount: count)
        let stampPart = ComplianceReport.AsRecorded(
            entryCount: count, recordedThrough: recordedThrough, ledgerEntryCount: ledgerHead.size,
            ledgerRootHash: ledgerHead.rootHash)
        return try view.report(asOf: asOf ?? recordedThrough ?? today, scope: scope, since: since, asRecorded: stampPart)
    }

    private func report(
        asOf: CalendarDate, scope: ComplianceReport.Scope, since: CalendarDate?, asRecorded: ComplianceReport.AsRecorded?
    ) throws -> ComplianceReport {
        if let since, since >= asOf {
            throw PledgerError.invalidInput(
                "--since \(since) is not before the as-of day \(asOf); pass an earlier --since or a later --as-of")
        }
        if let actor = scope.actor {
            _ = try self.actor(actor)
        }
        // One snapshot, so that the stamp matches the contents.
        let (dossiers, actors, sources, head, checkpoint) = try read { db in
            (try Self.fetchAllDossiers(in: db), try Self.fetchAllActors(in: db), try Self.fetchSources(in: db),
             try LedgerHead.fetch(db),
             try String.fetchOne(db, sql: "SELECT note FROM checkpoint ORDER BY entry_seq DESC LIMIT 1"))
        }
        let stamp = ComplianceReport.Stamp(
            entryCount: head.size, rootHash: head.rootHash, generatedAt: LedgerEntry.timestamp(clock()), asOf: asOf,
            asRecorded: asRecorded, checkpoint: checkpoint)
        return ComplianceReport(
            dossiers: dossiers, actors: actors, sources: sources, stamp: stamp, scope: scope, since: since)
    }
}
