import Foundation
import GRDB

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
    ///     `stamp.asOf` are left out, but for evidence an assessment the report shows relies on.
    ///   - scope: which commitments to cover.
    ///   - since: when set, the report also lists what changed after this day (see ``Changes``).
    public init(
        dossiers: [CommitmentDossier], actors: [Actor], sources: [Source], stamp: Stamp, scope: Scope,
        since: CalendarDate? = nil
    ) {
        self.init(dossiers: dossiers, actors: actors, sources: sources, stamp: stamp, scope: scope, since: since, evidenceSince: nil)
    }

    /// Computes a report from ledger contents, taking the evidence its changes list from `evidenceSince`
    /// (each commitment's evidence observed after `since`, as far as the as-of day) when the dossiers hold
    /// none, as a streamed report's outline does.
    init(
        dossiers: [CommitmentDossier], actors: [Actor], sources: [Source], stamp: Stamp, scope: Scope,
        since: CalendarDate?, evidenceSince: [CommitmentRef: [NewEvidence]]?
    ) {
        let asOf = stamp.asOf
        let names = Dictionary(actors.map { ($0.slug, $0.name) }, uniquingKeysWith: { _, later in later })
        let citer = QuoteCiter(sources: sources)
        let filter = CommitmentFilter(status: scope.status, actor: scope.actor, tag: scope.tag)
        // Indices, not a filtered copy: over a large ledger, copying every dossier costs more than reading it.
        // The day made is read in place (what `wasMade(by:)` asks), and an unrestricted filter is not asked of
        // each dossier: a call on an array's element copies it, retaining all it holds.
        let covered = dossiers.indices.filter {
            dossiers[$0].commitment.madeOn <= asOf && (filter.isUnrestricted || filter.matches(dossiers[$0], asOf: asOf))
        }
        @Sendable func name(_ slug: ActorSlug) -> String { names[slug] ?? slug.rawValue }

        // Each item depends on its dossier alone: built on every core at once.
        let items = covered.concurrentMap { index in
            Item(dossiers[index], asOf: asOf, since: since, citer: citer, name: name)
        }
        var statusesByActor: [ActorSlug: [Status]] = [:]
        var allStatuses: [Status] = []
        for index in items.indices {
            for party in items[index].promisors {
                statusesByActor[party.slug, default: []].append(party.status)
                allStatuses.append(party.status)
            }
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
        overdue = items.indices.filter { items[$0].overdue }.map { items[$0].ref }  // No item is copied.
        changes = since.map { since in
            Self.changes(in: covered.map { dossiers[$0] }, since: since, asOf: asOf, name: name) { dossier in
                evidenceSince.map { $0[dossier.commitment.ref] ?? [] } ?? dossier.evidence.map(NewEvidence.init)
            }
        }
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

    private static func changes(
        in covered: [CommitmentDossier], since: CalendarDate, asOf: CalendarDate, name: (ActorSlug) -> String,
        evidence: (CommitmentDossier) -> [NewEvidence]
    ) -> Changes {
        var newCommitments: [NewCommitment] = []
        var moves: [StatusMove] = []
        var newEvidence: [NewEvidence] = []
        for dossier in covered {
            let commitment = dossier.commitment
            newEvidence += evidence(dossier).filter { $0.observedOn > since && $0.observedOn <= asOf }
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
                // Set by agreeing parties at either end, the overall status moved with their own assessments too.
                let byParties = [since, asOf].contains { dossier.governingAssessment(asOf: $0)?.promisor != nil }
                moves.append(StatusMove(
                    commitment: commitment.ref, summary: commitment.summary, party: nil, before: before, after: after,
                    assessments: inWindow.filter { $0.promisor == nil || singleParty || byParties }.map(\.ref)))
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

extension ComplianceReport {
    /// Calls `body` with each overdue commitment, in order. The items are read where they are, not filtered
    /// into a copy: a copy of an item retains everything it holds, and a report may have 100k of them.
    func forEachOverdue(_ body: (Item) throws -> Void) rethrows {
        for index in commitments.indices where commitments[index].overdue {
            try body(commitments[index])
        }
    }

    /// Whether any covered commitment is overdue.
    var hasOverdue: Bool {
        commitments.indices.contains { commitments[$0].overdue }
    }
}

extension ComplianceReport.Item {
    /// The item of `dossier` in a report as of `asOf`, with the status of each party on `since` when set,
    /// naming actors with `name`.
    init(
        _ dossier: CommitmentDossier, asOf: CalendarDate, since: CalendarDate?, citer: QuoteCiter,
        name: (ActorSlug) -> String
    ) {
        let commitment = dossier.commitment
        let parties = commitment.promisors.map { slug in
            let daysOverdue = dossier.daysOverdue(of: slug, asOf: asOf)
            return ComplianceReport.Party(
                slug: slug, name: name(slug), status: dossier.status(of: slug, asOf: asOf), overdue: daysOverdue != nil,
                daysOverdue: daysOverdue,
                statusOnSince: since.flatMap { commitment.madeOn <= $0 ? dossier.status(of: slug, asOf: $0) : nil })
        }
        let history = dossier.assessments.filter { $0.effectiveOn <= asOf }
            .sorted { $0.effectiveOn < $1.effectiveOn }
            .map(ComplianceReport.AssessmentSummary.init)
        let daysOverdue = dossier.daysOverdue(asOf: asOf)  // While any party owes it.
        self.init(
            ref: commitment.ref, entryHash: commitment.entryHash, summary: commitment.summary, promisors: parties,
            promisee: commitment.promisee.map { ComplianceReport.Named(slug: $0, name: name($0)) },
            madeOn: commitment.madeOn, dueOn: commitment.dueOn, criteria: commitment.criteria,
            status: dossier.status(asOf: asOf), statusChanges: dossier.statusChanges(through: asOf),
            overdue: daysOverdue != nil, daysOverdue: daysOverdue, quote: citer.cite(commitment.quote),
            latestAssessment: dossier.governingAssessment(asOf: asOf).map(ComplianceReport.AssessmentSummary.init),
            supporting: [], contradicting: [], context: [], history: history, tags: commitment.tags)
        for piece in dossier.evidence {
            file(piece, asOf: asOf, citer: citer)
        }
    }

    /// The party of a multi-party pledge that `assessment` judged alone, for a renderer to name beside it;
    /// `nil` for a whole-commitment assessment, or on a single-party pledge, where the party goes unsaid.
    func party(judgedBy assessment: ComplianceReport.AssessmentSummary) -> ComplianceReport.Party? {
        guard promisors.count > 1, let promisor = assessment.promisor else { return nil }
        return promisors.first { $0.slug == promisor }
    }

    /// Whether an assessment the report shows relies on evidence `ref`. Such evidence is listed even when it
    /// was observed after the as-of day — a judgement recorded in hindsight — so that every ref an assessment
    /// cites is in the report with its quote.
    func reliesOn(_ ref: EvidenceRef) -> Bool {
        history.contains { $0.evidence.contains(ref) }
    }

    /// Whether the report lists evidence `ref`, observed on `observedOn`, in a report as of `asOf`: when it
    /// was observed by then, or a shown assessment relies on it (see ``reliesOn(_:)``).
    func lists(_ ref: EvidenceRef, observedOn: CalendarDate, asOf: CalendarDate) -> Bool {
        observedOn <= asOf || reliesOn(ref)
    }

    /// Files `piece` under its stance, after the evidence filed before it, when the report lists it (see
    /// ``lists(_:observedOn:asOf:)``). A streamed report files each piece as it reads it, with no array of
    /// a commitment's evidence in between.
    mutating func file(_ piece: Evidence, asOf: CalendarDate, citer: QuoteCiter) {
        guard lists(piece.ref, observedOn: piece.observedOn, asOf: asOf) else { return }
        let cited = ComplianceReport.CitedEvidence(
            ref: piece.ref, entryHash: piece.entryHash, observedOn: piece.observedOn, stance: piece.stance,
            note: piece.note, quote: citer.cite(piece.quote))
        switch piece.stance {
        case .supports: supporting.append(cited)
        case .contradicts: contradicting.append(cited)
        case .context: context.append(cited)
        }
    }
}

extension ComplianceReport {
    /// Which evidence a commitment has, by stance, each in ref order: what a renderer needs that lists the
    /// evidence without quoting it.
    struct EvidenceRefs: Sendable {
        var supporting: [EvidenceRef] = []
        var contradicting: [EvidenceRef] = []
        var context: [EvidenceRef] = []

        init() {}

        /// The refs of an item's evidence.
        init(_ item: Item) {
            supporting = item.supporting.map(\.ref)
            contradicting = item.contradicting.map(\.ref)
            context = item.context.map(\.ref)
        }

        mutating func append(_ ref: EvidenceRef, _ stance: Stance) {
            switch stance {
            case .supports: supporting.append(ref)
            case .contradicts: contradicting.append(ref)
            case .context: context.append(ref)
            }
        }
    }
}

/// Cites anchored quotes with their source's title, publisher, date and address.
struct QuoteCiter: Sendable {
    /// What a citation takes from a source.
    private struct SourceCitation: Sendable {
        var title: String
        var publisher: String
        var publishedOn: CalendarDate?
        var url: String?
        var latestVersion: Int
    }

    /// Indexed by source number: refs count up from 1, and a report cites a quote for every piece of
    /// evidence, so this is looked up a million times where a dictionary would hash a million refs.
    private let citations: [SourceCitation?]
    /// The sources numbered outside 1 through their count, which a sound ledger never has: a damaged one
    /// may, and must not make `citations` huge.
    private let outliers: [Int: SourceCitation]

    init(sources: [Source]) {
        var citations = [SourceCitation?](repeating: nil, count: sources.count + 1)
        var outliers: [Int: SourceCitation] = [:]
        for source in sources {
            let metadata = source.metadata
            let citation = SourceCitation(
                title: metadata.title, publisher: metadata.publisher, publishedOn: metadata.publishedOn,
                url: metadata.url, latestVersion: source.latestVersion)
            if citations.indices.contains(source.ref.number) {
                citations[source.ref.number] = citation
            } else {
                outliers[source.ref.number] = citation
            }
        }
        self.citations = citations
        self.outliers = outliers
    }

    /// The quote with its source's metadata. A revision re-anchors every quote on its source into the new
    /// version, or leaves it orphaned in the version it was found in; so a quote older than its source's latest
    /// version is an orphan.
    func cite(_ quote: AnchoredQuote) -> ComplianceReport.CitedQuote {
        let number = quote.source.number
        let citation = citations.indices.contains(number) ? citations[number] : outliers[number]
        let latest = citation?.latestVersion ?? quote.version
        return ComplianceReport.CitedQuote(
            source: quote.source, title: citation?.title ?? "", publisher: citation?.publisher ?? "",
            publishedOn: citation?.publishedOn, url: citation?.url, version: quote.version,
            textSHA256: quote.anchor.textSHA256, start: quote.anchor.start, end: quote.anchor.end,
            exact: quote.anchor.exact, prefix: quote.anchor.prefix, suffix: quote.anchor.suffix,
            orphanedIn: latest > quote.version ? latest : nil)
    }
}

extension ComplianceReport.NewEvidence {
    init(_ piece: Evidence) {
        self.init(
            evidence: piece.ref, commitment: piece.commitment, stance: piece.stance, observedOn: piece.observedOn,
            exact: piece.quote.anchor.exact)
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
        try computeReport(view: reportView(asOf: asOf, asRecorded: asRecorded), scope: scope, since: since, evidence: true)
            .report
    }

    /// Computes the compliance report over the commitments in `scope` and writes it in `format` to `output`
    /// while it reads the ledger — the same bytes as writing ``complianceReport(asOf:scope:since:asRecorded:)``.
    ///
    /// Commitments, assessments and the figures are read first. Then a worker per core (at most as many as
    /// the store has reader connections: one for a store opened with ``open(at:author:clock:)``, and for one
    /// in memory) reads a batch of commitments' evidence and renders it, batch after
    /// batch, in read transactions that end whenever it would wait, while this thread writes the rendered
    /// batches in order. So reading and rendering run on every core, and a report of a million pieces of
    /// evidence never sits whole in memory. The changes a report with `since` lists near its top are read
    /// with the outline, from the evidence observed in their window.
    ///
    /// Entries another process appends meanwhile are left out, as if they came after the report: every
    /// evidence read is of the stamped entries.
    ///
    /// A report of 10k commitments or more is freed on a background queue once written, so the call
    /// returns without waiting for it; its memory goes back to the system a moment later.
    ///
    /// - Parameters:
    ///   - asOf: the day statuses are computed for; see ``complianceReport(asOf:scope:since:asRecorded:)``.
    ///   - scope: which commitments to cover.
    ///   - since: when set, the report also lists what changed after this day; it must be before `asOf`.
    ///   - asRecorded: when set, the report reads the ledger as it stood at that point of the log.
    ///   - verifiedEntryCount: when set, the number of entries a ``verification()`` checked: a report that
    ///     would read more — entries appended after the check — reads the ledger as it stood at that many
    ///     entries instead, and its stamp says so. So everything a report checked first shows was checked.
    ///   - format: the format to write.
    ///   - output: where the text goes, in pieces as it is rendered.
    /// - Throws: ``PledgerError`` before anything is written when the selection is invalid; or, part way,
    ///   when the ledger cannot be read, or a source revision moved quotes while the report was written —
    ///   then the output holds the opening and some of the commitments, nothing after them, and the report
    ///   should be run again.
    public func writeComplianceReport(
        asOf: CalendarDate? = nil, scope: ComplianceReport.Scope = .init(), since: CalendarDate? = nil,
        asRecorded: RecordedPoint? = nil, verifiedEntryCount: Int? = nil, format: ReportFormat,
        to output: inout some TextOutputStream
    ) throws {
        var view = try reportView(asOf: asOf, asRecorded: asRecorded)
        // A CSV of every commitment lists every piece of evidence by ref: read them all in one pass meanwhile.
        let evidenceRefs = format == .csv && scope == ComplianceReport.Scope()
            ? ReportPrefetch(store: view.store, recordedIn: view.entryCount, read: EvidenceRefTable.read) : nil
        defer { evidenceRefs?.waitUntilRead() }  // Never leave while it reads: the store may be closed next.
        var (outline, sources, ledgerHead) = try computeReport(view: view, scope: scope, since: since, evidence: false)
        if let verifiedEntryCount, outline.stamp.entryCount > verifiedEntryCount {
            // Appended after the check: report what was checked, on the day the first read would have used.
            view = try reportView(asOf: view.asOf, asRecorded: .entryCount(verifiedEntryCount))
            (outline, sources, ledgerHead) = try computeReport(view: view, scope: scope, since: since, evidence: false)
        }
        let table = try evidenceRefs?.value(ifReadAt: ledgerHead, entryCount: outline.stamp.entryCount) ?? nil
        try view.store.writeStreamed(outline, sources: sources, format: format, evidenceRefs: table, to: &output)
        if outline.commitments.count >= BackgroundRelease.threshold {
            BackgroundRelease.destroy(consume outline)  // Its items are freed while the caller goes on.
        }
    }

    /// Writes `outline` — a report computed without evidence — in `format`, reading each batch of
    /// commitments' evidence from this store, as `outline.stamp` names it, just before rendering it: quoted
    /// and cited for every format but CSV, which lists evidence by ref and reads only the refs — or takes
    /// them from `evidenceRefs`, read with the outline's stamp.
    ///
    /// - Throws: the first error a read threw; the output then ends after the last batch written.
    func writeStreamed(
        _ outline: ComplianceReport, sources: [Source], format: ReportFormat, evidenceRefs: EvidenceRefTable? = nil,
        workers: Int? = nil, to output: inout some TextOutputStream
    ) throws {
        let failure: (any Error)?
        if let renderer = format.itemRenderer {
            let completion = evidenceCompletion(
                asOf: outline.asOf, sources: sources, stamp: outline.stamp, workers: workers)
            renderer.write(outline, to: &output, completing: completion)
            failure = completion.failure
        } else {
            let completion = evidenceRefCompletion(of: outline, table: evidenceRefs, workers: workers)
            CSVReportRenderer().write(outline, to: &output, completing: completion)
            failure = completion.failure
        }
        if let failure {
            throw failure
        }
    }

    /// Reads batches of evidence as the stamped ledger held it, in read transactions that last while their
    /// worker can go on without waiting for the writer — so no worker waits while it holds a reader
    /// connection, and reports that share a store cannot starve each other.
    ///
    /// Entries appended after the stamp do not stop the report: the log only grows, evidence rows are never
    /// changed once written, and each transaction reads only the evidence of the first stamped entries (see
    /// ``checkReadsStampedState(_:in:)``).
    /// A pool of connections reads on every core; a single connection (an in-memory or as-recorded ledger)
    /// on one worker.
    ///
    /// - Parameter workers: how many threads to read on; defaults to one per core, and is never more than
    ///   the pool has readers.
    func evidenceCompletion(
        asOf: CalendarDate, sources: [Source], stamp: ComplianceReport.Stamp, workers: Int? = nil
    ) -> ItemCompletion {
        let citer = QuoteCiter(sources: sources)
        return batchCompletion(stamp: stamp, workers: workers) { db in
            var reader = try CommitmentEvidenceReader(db, recordedIn: stamp.entryCount)
            return { batch in try Self.fileEvidence(of: batch, reading: &reader, asOf: asOf, citer: citer) }
        }
    }

    /// `batch` with each item's evidence filed, read with `reader`: in one query over the batch's refs when
    /// they run in order with few gaps — a report of every commitment, whose batches are consecutive — and
    /// otherwise in one query per item, so that a filtered report does not read the evidence of the
    /// commitments it leaves out.
    private static func fileEvidence(
        of batch: ArraySlice<ComplianceReport.Item>, reading reader: inout CommitmentEvidenceReader,
        asOf: CalendarDate, citer: QuoteCiter
    ) throws -> ArraySlice<ComplianceReport.Item> {
        guard let first = batch.first?.ref.number, let last = batch.last?.ref.number,
            batch.indices.dropFirst().allSatisfy({ batch[$0 - 1].ref < batch[$0].ref }),
            case (let span, false) = last.subtractingReportingOverflow(first), span < 2 * batch.count
        else {
            return try batch.completingEach { item in
                try reader.forEachEvidence(of: item.ref) { item.file($0, asOf: asOf, citer: citer) }
            }
        }
        var completed = batch
        var index = completed.startIndex
        try reader.forEachEvidence(ofCommitments: first...last) { commitment, decode in
            // Pieces come by commitment, in ref order: those of a commitment the report leaves out are skipped
            // without being decoded, as a query per commitment would never have read them.
            while index < completed.endIndex, completed[index].ref < commitment {
                index += 1
            }
            if index < completed.endIndex, completed[index].ref == commitment {
                completed[index].file(try decode(), asOf: asOf, citer: citer)
            }
        }
        return completed
    }

    /// Like ``evidenceCompletion(asOf:sources:stamp:workers:)``, for a renderer that shows only which evidence
    /// each commitment has (the CSV): reads each piece's ref and stance, not its quote or citation.
    ///
    /// With `table`, the refs of every commitment's evidence read at once, the workers read nothing.
    func evidenceRefCompletion(
        of report: ComplianceReport, table: EvidenceRefTable? = nil, workers: Int? = nil
    ) -> BatchCompletion<CSVReportRenderer.Record> {
        let asOf = report.asOf
        if let table {
            return BatchCompletion(workers: workers ?? ProcessInfo.processInfo.activeProcessorCount) { work in
                try work { batch in
                    batch.completingEach { record in
                        let item = report.commitments[record.index]
                        record.evidence = table.evidence(of: item.ref) { item.lists($0, observedOn: $1, asOf: asOf) }
                    }
                }
            }
        }
        return batchCompletion(stamp: report.stamp, workers: workers) { db in
            let reader = try CommitmentEvidenceRefReader(db, recordedIn: report.stamp.entryCount)
            return { batch in
                try batch.completingEach { record in
                    let item = report.commitments[record.index]
                    record.evidence = try reader.evidence(of: record.commitment) { item.lists($0, observedOn: $1, asOf: asOf) }
                }
            }
        }
    }

    /// Completes batches in read transactions of the stamped state on `workers` threads (see
    /// ``evidenceCompletion(asOf:sources:stamp:workers:)``): each transaction makes a completer of batches
    /// with `makeCompleter`, which belongs to that transaction's connection.
    private func batchCompletion<Element>(
        stamp: ComplianceReport.Stamp, workers: Int?,
        makeCompleter: @escaping @Sendable (Database) throws -> BatchCompletion<Element>.Complete
    ) -> BatchCompletion<Element> {
        var readers = 1
        if let pool = writer as? DatabasePool {
            readers = pool.configuration.maximumReaderCount
        }
        let workers = max(1, min(workers ?? ProcessInfo.processInfo.activeProcessorCount, readers))
        return BatchCompletion(workers: workers) { [self] work in
            try read { db in
                try Self.checkReadsStampedState(stamp, in: db)
                try work(try makeCompleter(db))
            }
        }
    }

    /// Checks that a transaction on `db` can read the state `stamp` names: the log's first
    /// `stamp.entryCount` entries still hash to the stamped root, and no entry appended since rewrote rows
    /// they recorded (see ``rewroteEarlierRows(since:in:)``).
    ///
    /// - Throws: ``PledgerError/conflict(_:)`` when either does not hold.
    static func checkReadsStampedState(_ stamp: ComplianceReport.Stamp, in db: Database) throws {
        let head = try LedgerHead.fetch(db)
        guard head.size != stamp.entryCount || head.rootHash != stamp.rootHash else { return }
        guard head.size > stamp.entryCount,
            try MerkleProof.rangeHash(start: 0, count: UInt64(stamp.entryCount), subtree: subtreeLookup(db))
                == stamp.rootHash
        else {
            throw PledgerError.conflict(
                "the ledger no longer begins with the \(stamp.entryCount) entries this report was stamped with; run `pledger verify`")
        }
        try requireNoRewrites(since: stamp.entryCount, in: db)
    }

    /// Refuses to go on reading the first `entryCount` entries' rows when a later entry rewrote them.
    private static func requireNoRewrites(since entryCount: Int, in db: Database) throws {
        if try rewroteEarlierRows(since: entryCount, in: db) {
            throw PledgerError.conflict(
                "a source was revised while the report was read, moving quotes the report cites; run the report again")
        }
    }

    /// The store a report reads, the as-of day, the as-recorded part of the stamp, and — for an as-recorded
    /// report read from this store — how many of the log's entries it reads.
    ///
    /// An as-recorded report reads the rows the first N entries recorded, straight from this store, when no
    /// later entry rewrote them (see ``rewroteEarlierRows(since:in:)``); otherwise it reads a replay of the
    /// log up to that point, in memory — exact either way, but a replay costs time and memory in proportion
    /// to N.
    private func reportView(asOf: CalendarDate?, asRecorded: RecordedPoint?) throws -> ReportView {
        // A mistyped year would stamp a report with statuses and days overdue no one can know yet.
        if let asOf {
            try requireNotAfterToday(asOf, option: "--as-of", what: "a report says how things stood on a day that has come")
        }
        if case .endOfDay(let day) = asRecorded {
            try requireNotAfterToday(day, option: "--as-recorded", what: "no entry can have been recorded after today")
        }
        guard let asRecorded else {
            return ReportView(store: self, asOf: asOf ?? today, stamp: nil, entryCount: nil)
        }
        let ledgerHead = try head()
        let count = try entryCount(at: asRecorded)
        var recordedThrough: CalendarDate?
        if case .endOfDay(let day) = asRecorded {
            recordedThrough = day
        }
        let stamp = ComplianceReport.AsRecorded(
            entryCount: count, recordedThrough: recordedThrough, ledgerEntryCount: ledgerHead.size,
            ledgerRootHash: ledgerHead.rootHash)
        let asOf = try asOf ?? recordedThrough ?? dayRecorded(entryCount: count)
        if try read({ db in try Self.rewroteEarlierRows(since: count, in: db) }) {
            return ReportView(store: try self.asRecorded(entryCount: count), asOf: asOf, stamp: stamp, entryCount: nil)
        }
        return ReportView(store: self, asOf: asOf, stamp: stamp, entryCount: count)
    }

    /// Reads what a report is computed from, and computes it — with every piece of evidence, or, without
    /// `evidence`, as the outline a streamed report completes batch by batch, whose changes are computed from
    /// the evidence observed in their window. Returns the sources too, for citing the evidence read later,
    /// and the head of the whole ledger its read saw.
    ///
    /// Everything is read in one transaction, so that the stamp matches the contents — but the assessments,
    /// and, for an outline, the later commitments, which a pool of connections reads meanwhile on
    /// another (see ``OutlinePrefetch``).
    private func computeReport(
        view: ReportView, scope: ComplianceReport.Scope, since: CalendarDate?, evidence: Bool
    ) throws -> (report: ComplianceReport, sources: [Source], ledgerHead: LedgerHead) {
        // The evidence of a full report is read with every commitment, so only an outline's are split.
        let prefetch = OutlinePrefetch(store: view.store, recordedIn: view.entryCount, laterCommitments: !evidence)
        defer { prefetch?.waitUntilRead() }  // A refusal leaves only once the prefetch is done with the store.
        var inputs = try view.store.read { db in
            try view.store.readReportInputs(
                asOf: view.asOf, scope: scope, since: since, asRecorded: view.stamp, recordedIn: view.entryCount,
                evidence: evidence, prefetched: prefetch == nil ? .none : evidence ? .assessments : .assessmentsAndLaterCommitments,
                in: db)
        }
        if let prefetch {
            let part = try prefetch.part(
                stamp: inputs.stamp, ledgerHead: inputs.ledgerHead, laterCommitmentsStart: inputs.laterCommitmentsStart)
            if let later = part.laterCommitments {
                inputs.dossiers.append(contentsOf: later.dossiers)
            }
            try Self.file(part.assessments, into: &inputs.dossiers)
        }
        let report = ComplianceReport(
            dossiers: inputs.dossiers, actors: inputs.actors, sources: inputs.sources, stamp: inputs.stamp,
            scope: scope, since: since, evidenceSince: inputs.evidenceSince)
        if inputs.dossiers.count >= BackgroundRelease.threshold {
            // Freed meanwhile: the report's items share most of what the dossiers hold, but letting go of
            // 100k dossiers still touches each, and the report's first bytes would wait for it. Taken out of
            // `inputs` first, so that the background queue holds the last reference.
            var dossiers: [CommitmentDossier] = []
            swap(&dossiers, &inputs.dossiers)
            BackgroundRelease.destroy(consume dossiers)
        }
        return (report, inputs.sources, inputs.ledgerHead)
    }

    /// Reads what a report is computed from (see ``computeReport(view:scope:since:evidence:)``), but for what
    /// `prefetched` says a prefetch reads: the dossiers' assessments, and perhaps the later commitments.
    ///
    /// With `entryCount`, it reads what the log's first `entryCount` entries recorded, and stamps the report
    /// with their count and root.
    private func readReportInputs(
        asOf: CalendarDate, scope: ComplianceReport.Scope, since: CalendarDate?,
        asRecorded: ComplianceReport.AsRecorded?, recordedIn entryCount: Int?, evidence: Bool,
        prefetched: PrefetchedPart, in db: Database
    ) throws -> ReportInputs {
        if let since, since >= asOf {
            throw PledgerError.invalidInput(
                "--since \(since) is not before the as-of day \(asOf); pass an earlier --since or a later --as-of")
        }
        let head = try LedgerHead.fetch(db)
        var stamp = ComplianceReport.Stamp(
            entryCount: head.size, rootHash: head.rootHash, generatedAt: LedgerEntry.timestamp(clock()), asOf: asOf,
            asRecorded: asRecorded)
        if let entryCount, entryCount != head.size {
            stamp.entryCount = entryCount
            stamp.rootHash = try MerkleProof.rangeHash(
                start: 0, count: UInt64(entryCount), subtree: Self.subtreeLookup(db))
            try Self.requireNoRewrites(since: entryCount, in: db)  // Decided before this transaction began.
        }
        let actors = try Self.fetchAllActors(in: db, recordedIn: stamp.entryCount)
        if let actor = scope.actor, !actors.contains(where: { $0.slug == actor }) {
            _ = try Self.fetchActor(actor, in: db)  // Names an actor added later, or none at all.
            throw PledgerError.notFound(
                "actor '\(actor)' was added after the \(stamp.entryCount) entries this report reads; pass a later --as-recorded")
        }
        if let tag = scope.tag {
            try Self.requireKnownTag(tag, recordedIn: stamp.entryCount, in: db)
        }
        stamp.checkpoint = try String.fetchOne(
            db, sql: "SELECT note FROM checkpoint WHERE entry_seq < ? ORDER BY entry_seq DESC LIMIT 1",
            arguments: [stamp.entryCount])
        var evidenceSince: [CommitmentRef: [ComplianceReport.NewEvidence]]?
        if let since, !evidence {
            evidenceSince = try Self.fetchNewEvidence(
                observedAfter: since, through: asOf, recordedIn: stamp.entryCount, in: db)
        }
        let dossiers: [CommitmentDossier]
        var laterCommitmentsStart: Int?
        if prefetched == .assessmentsAndLaterCommitments {
            let start = try Self.laterCommitmentsStart(in: db)
            dossiers = try Self.fetchCommitments(in: db, ids: Int.min...(start - 1), recordedIn: stamp.entryCount)
            laterCommitmentsStart = start
        } else {
            dossiers = try Self.fetchAllDossiers(
                in: db, evidence: evidence, assessments: prefetched == .none, recordedIn: stamp.entryCount)
        }
        return ReportInputs(
            ledgerHead: head, stamp: stamp, dossiers: dossiers, laterCommitmentsStart: laterCommitmentsStart,
            actors: actors,
            sources: try Self.fetchSources(where: "s.entry_seq < ?", arguments: [stamp.entryCount], in: db),
            evidenceSince: evidenceSince)
    }
}

/// What a report is computed from, as one read transaction saw it.
private struct ReportInputs {
    /// The head of the whole ledger, which the report may read only a part of.
    var ledgerHead: LedgerHead
    var stamp: ComplianceReport.Stamp
    var dossiers: [CommitmentDossier]
    /// Where the commitments a prefetch reads start, when it reads the later ones: the dossiers stop there.
    var laterCommitmentsStart: Int?
    var actors: [Actor]
    var sources: [Source]
    var evidenceSince: [CommitmentRef: [ComplianceReport.NewEvidence]]?
}

/// What of a report's outline a prefetch reads on a connection of its own (see ``OutlinePrefetch``).
private enum PrefetchedPart {
    /// Nothing: the report reads everything in its own transaction.
    case none
    /// The assessments.
    case assessments
    /// The assessments, and the commitments from ``LedgerStore/laterCommitmentsStart(in:)`` on.
    case assessmentsAndLaterCommitments
}

/// What a report reads: see `LedgerStore.reportView(asOf:asRecorded:)`.
private struct ReportView {
    var store: LedgerStore
    var asOf: CalendarDate
    var stamp: ComplianceReport.AsRecorded?
    var entryCount: Int?
}
