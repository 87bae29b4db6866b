import GRDB
extension ComplianceReport {
    /// The JSON shape version this code writes.
    public static let currentSchemaVersion = 1

    /// Computes a report from ledger contents.
    ///
    /// - Parameters:
    ///   - dossiers: every commitment with its evidence and assessments.
    ///   - actors: every actor, for names.
    ///   - sources: every source, for citations.
    ///   - head: the ledger's size and root, for the stamp.
    ///   - asOf: the day statuses are computed for; later commitments, evidence and assessments are left out.
    ///   - scope: which commitments to cover.
    ///   - generatedAt: the generation time to stamp.
    public init(
        dossiers: [CommitmentDossier], actors: [Actor], sources: [Source], head: LedgerHead, asOf: CalendarDate,
        scope: Scope, generatedAt: String
    ) {
        let names = Dictionary(uniqueKeysWithValues: actors.map { ($0.slug, $0.name) })
        let sourcesByRef = Dictionary(uniqueKeysWithValues: sources.map { ($0.ref, $0) })
        let filter = CommitmentFilter(actor: scope.actor, tag: scope.tag)
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
        for dossier in covered {
            let commitment = dossier.commitment
            let parties = commitment.promisors.map { slug in
                Party(slug: slug, name: name(slug), status: dossier.status(of: slug, asOf: asOf))
            }
            for party in parties {
                statusesByActor[party.slug, default: []].append(party.status)
                allStatuses.append(party.status)
            }
            let evidence = dossier.evidence.filter { $0.observedOn <= asOf }.map { item in
                CitedEvidence(
                    ref: item.ref, entryHash: item.entryHash, observedOn: item.observedOn, stance: item.stance,
                    note: item.note, quote: cite(item.quote))
            }
            let history = dossier.assessments.filter { $0.effectiveOn <= asOf }
                .sorted { $0.effectiveOn < $1.effectiveOn }
                .map(AssessmentSummary.init)
            items.append(Item(
                ref: commitment.ref, entryHash: commitment.entryHash, summary: commitment.summary, promisors: parties,
                promisee: commitment.promisee.map { Named(slug: $0, name: name($0)) }, madeOn: commitment.madeOn,
                dueOn: commitment.dueOn, status: dossier.status(asOf: asOf), overdue: dossier.isOverdue(asOf: asOf),
                daysOverdue: dossier.daysOverdue(asOf: asOf), quote: cite(commitment.quote),
                latestAssessment: dossier.governingAssessment(asOf: asOf).map(AssessmentSummary.init),
                supporting: evidence.filter { $0.stance == .supports },
                contradicting: evidence.filter { $0.stance == .contradicts },
                context: evidence.filter { $0.stance == .context }, history: history, tags: commitment.tags))
        }

        schemaVersion = Self.currentSchemaVersion
        self.asOf = asOf
        self.scope = scope
        stamp = Stamp(entryCount: head.size, rootHash: head.rootHash, generatedAt: generatedAt)
        overall = Scorecard(statuses: allStatuses)
        self.actors = statusesByActor.keys.sorted().map { slug in
            ActorScorecard(actor: slug, name: name(slug), scorecard: Scorecard(statuses: statusesByActor[slug] ?? []))
        }
        commitments = items
        overdue = items.filter(\.overdue).map(\.ref)
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
    /// Computes the compliance report as of `asOf` (today when `nil`) over the commitments in `scope`.
    public func complianceReport(asOf: CalendarDate? = nil, scope: ComplianceReport.Scope = .init()) throws
        -> ComplianceReport
    {
        if let actor = scope.actor {
            _ = try self.actor(actor)
        }
        // One snapshot, so that the stamp matches the contents.
        let (dossiers, actors, sources, head) = try read { db in
            (
                try Int.fetchAll(db, sql: "SELECT id FROM commitment ORDER BY id").map {
                    try Self.fetchDossier(CommitmentRef($0), in: db)
                },
                try ActorSlug.fetchAll(db, sql: "SELECT slug FROM actor ORDER BY slug").map { try Self.fetchActor($0, in: db) },
                try Int.fetchAll(db, sql: "SELECT id FROM source ORDER BY id").map { try Self.fetchSource(SourceRef($0), in: db) },
                try LedgerHead.fetch(db)
            )
        }
        return ComplianceReport(
            dossiers: dossiers, actors: actors, sources: sources, head: head, asOf: asOf ?? today, scope: scope,
            generatedAt: LedgerEntry.timestamp(clock()))
    }
}
