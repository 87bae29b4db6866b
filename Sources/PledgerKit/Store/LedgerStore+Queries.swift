import Foundation
import GRDB

/// Which commitments a list or report covers. Empty fields do not filter.
public struct CommitmentFilter: Sendable, Hashable {
    /// Only commitments with this status on the as-of day.
    public var status: Status?
    /// Only commitments this actor made (as a promisor) or received (as promisee).
    public var actor: ActorSlug?
    /// Only commitments with this tag.
    public var tag: String?
    /// Only commitments overdue on the as-of day.
    public var overdueOnly: Bool

    /// Creates a filter.
    public init(status: Status? = nil, actor: ActorSlug? = nil, tag: String? = nil, overdueOnly: Bool = false) {
        self.status = status
        self.actor = actor
        self.tag = tag
        self.overdueOnly = overdueOnly
    }

    /// Whether `dossier` passes the filter on `day`.
    public func matches(_ dossier: CommitmentDossier, asOf day: CalendarDate) -> Bool {
        let commitment = dossier.commitment
        if let status, dossier.status(asOf: day) != status { return false }
        if let actor, !commitment.promisors.contains(actor), commitment.promisee != actor { return false }
        if let tag, !commitment.tags.contains(tag) { return false }
        if overdueOnly, !dossier.isOverdue(asOf: day) { return false }
        return true
    }
}

extension LedgerStore {
    /// Every commitment with its evidence and assessments, in ref order.
    public func dossiers() throws -> [CommitmentDossier] {
        try read { db in try Self.fetchAllDossiers(in: db) }
    }

    /// One commitment with its evidence and assessments.
    public func dossier(_ ref: CommitmentRef) throws -> CommitmentDossier {
        try read { db in try Self.fetchDossier(ref, in: db) }
    }

    /// The commitments that pass `filter` on `day`.
    public func commitments(matching filter: CommitmentFilter, asOf day: CalendarDate) throws -> [CommitmentDossier] {
        if let actor = filter.actor {
            _ = try self.actor(actor)
        }
        return try dossiers().filter { $0.wasMade(by: day) && filter.matches($0, asOf: day) }
    }

    /// The entries of the log, from `start` on, at most `limit` of them.
    public func entries(from start: Int = 0, limit: Int? = nil) throws -> [LedgerEntry] {
        try read { db in
            try Data.fetchAll(
                db, sql: "SELECT body FROM entry WHERE seq >= ? ORDER BY seq LIMIT ?",
                arguments: [start, limit ?? -1]
            ).map { try LedgerEntry(body: Array($0)) }
        }
    }

    /// The ledger entries that recorded or changed a commitment, its evidence and its assessments.
    public func history(of ref: CommitmentRef) throws -> [LedgerEntry] {
        try read { db in
            _ = try Self.fetchCommitment(ref, in: db)
            return try Data.fetchAll(
                db,
                sql: """
                    SELECT body FROM entry WHERE seq IN (
                        SELECT entry_seq FROM commitment WHERE id = :id
                        UNION SELECT entry_seq FROM evidence WHERE commitment_id = :id
                        UNION SELECT entry_seq FROM assessment WHERE commitment_id = :id)
                    ORDER BY seq
                    """, arguments: ["id": ref.number]
            ).map { try LedgerEntry(body: Array($0)) }
        }
    }

    /// The day "today" is for this store's clock, in UTC.
    public var today: CalendarDate {
        CalendarDate(clock())
    }

    static func fetchDossier(_ ref: CommitmentRef, in db: Database) throws -> CommitmentDossier {
        let commitment = try fetchCommitment(ref, in: db)
        let evidence = try Int.fetchAll(
            db, sql: "SELECT id FROM evidence WHERE commitment_id = ? ORDER BY id", arguments: [ref.number]
        ).map { try fetchEvidence(EvidenceRef($0), in: db) }
        return CommitmentDossier(
            commitment: commitment, evidence: evidence, assessments: try fetchAssessments(of: ref, in: db))
    }
}

// MARK: - Bulk reads

extension LedgerStore {
    /// Every commitment with its evidence and assessments, in ref order, read with one query per table and
    /// assembled in memory — so that a report over a large ledger costs a few table scans, not several
    /// queries per commitment.
    static func fetchAllDossiers(in db: Database) throws -> [CommitmentDossier] {
        var decoder = BulkDecoder()

        var promisors: [Int: [ActorSlug]] = [:]
        let promisorRows = try Row.fetchCursor(
            db, sql: "SELECT commitment_id, actor_slug FROM commitment_promisor ORDER BY commitment_id, position")
        while let row = try promisorRows.next() {
            promisors[row[0], default: []].append(ActorSlug(trusted: row[1]))
        }
        var tags: [Int: [String]] = [:]
        let tagRows = try Row.fetchCursor(db, sql: "SELECT commitment_id, tag FROM commitment_tag ORDER BY commitment_id, tag")
        while let row = try tagRows.next() {
            tags[row[0], default: []].append(row[1])
        }

        var dossiers: [CommitmentDossier] = []
        var position: [Int: Int] = [:]
        let commitmentRows = try Row.fetchCursor(
            db,
            sql: """
                SELECT c.id, c.summary, c.promisee_slug, c.made_on, c.due, c.due_on, c.criteria, e.leaf_hash,
                       \(BulkDecoder.quoteColumns)
                FROM commitment c JOIN entry e ON e.seq = c.entry_seq JOIN quote_anchor q ON q.id = c.quote_id
                ORDER BY c.id
                """)
        while let row = try commitmentRows.next() {
            let id: Int = row[0]
            let ref = CommitmentRef(id)
            let promisee: String? = row[2]
            let dueText: String? = row[4]
            let dueOnText: String? = row[5]
            let commitment = Commitment(
                ref: ref, promisors: promisors[id] ?? [], promisee: promisee.map(ActorSlug.init(trusted:)),
                summary: row[1], quote: try decoder.quote(row, from: 8), madeOn: try decoder.date(row[3], "made-on date of \(ref)"),
                due: try dueText.map { text in
                    guard let due = try? DueDate(validating: text) else { throw damaged("due date of \(ref)") }
                    return due
                },
                dueOn: try dueOnText.map { try decoder.date($0, "due date of \(ref)") }, tags: tags[id] ?? [],
                criteria: row[6], entryHash: try BulkDecoder.leafHash(row, 7))
            position[id] = dossiers.count
            dossiers.append(CommitmentDossier(commitment: commitment, evidence: [], assessments: []))
        }

        let evidenceRows = try Row.fetchCursor(
            db,
            sql: """
                SELECT v.id, v.commitment_id, v.observed_on, v.stance, v.note, e.leaf_hash, \(BulkDecoder.quoteColumns)
                FROM evidence v JOIN entry e ON e.seq = v.entry_seq JOIN quote_anchor q ON q.id = v.quote_id
                ORDER BY v.id
                """)
        while let row = try evidenceRows.next() {
            let id: Int = row[0]
            let ref = EvidenceRef(id)
            let commitmentID: Int = row[1]
            guard let index = position[commitmentID], let stance = Stance(rawValue: row[3]) else {
                throw damaged("stance or commitment of evidence \(ref)")
            }
            dossiers[index].evidence.append(Evidence(
                ref: ref, commitment: CommitmentRef(commitmentID), quote: try decoder.quote(row, from: 6),
                observedOn: try decoder.date(row[2], "observed-on date of \(ref)"), stance: stance, note: row[4],
                entryHash: try BulkDecoder.leafHash(row, 5)))
        }

        var citedEvidence: [Int: [EvidenceRef]] = [:]
        let citationRows = try Row.fetchCursor(
            db, sql: "SELECT assessment_id, evidence_id FROM assessment_evidence ORDER BY assessment_id, position")
        while let row = try citationRows.next() {
            let evidenceID: Int = row[1]
            citedEvidence[row[0], default: []].append(EvidenceRef(evidenceID))
        }
        let assessmentRows = try Row.fetchCursor(
            db,
            sql: """
                SELECT a.id, a.commitment_id, a.promisor_slug, a.status, a.effective_on, a.rationale, e.author,
                       e.recorded_at, e.leaf_hash
                FROM assessment a JOIN entry e ON e.seq = a.entry_seq
                ORDER BY a.entry_seq
                """)
        while let row = try assessmentRows.next() {
            let id: Int = row[0]
            let commitmentID: Int = row[1]
            let promisor: String? = row[2]
            guard let index = position[commitmentID], let status = Status(rawValue: row[3]) else {
                throw damaged("status or commitment of assessment A\(id)")
            }
            dossiers[index].assessments.append(Assessment(
                ref: AssessmentRef(id), commitment: CommitmentRef(commitmentID),
                promisor: promisor.map(ActorSlug.init(trusted:)), status: status,
                effectiveOn: try decoder.date(row[4], "effective date of A\(id)"), rationale: row[5],
                evidence: citedEvidence[id] ?? [], assessor: row[6], recordedAt: row[7],
                entryHash: try BulkDecoder.leafHash(row, 8)))
        }
        return dossiers
    }

    /// Every actor, by slug, in one query.
    static func fetchAllActors(in db: Database) throws -> [Actor] {
        try Row.fetchAll(
            db, sql: "SELECT a.slug, a.name, a.kind, a.parent_slug, e.leaf_hash FROM actor a JOIN entry e ON e.seq = a.entry_seq ORDER BY a.slug"
        ).map { row in
            let slug = ActorSlug(trusted: row[0])
            guard let kind = ActorKind(rawValue: row[2]) else { throw damaged("kind of actor '\(slug)'") }
            let parent: String? = row[3]
            return Actor(
                slug: slug, name: row[1], kind: kind, parent: parent.map(ActorSlug.init(trusted:)),
                entryHash: try BulkDecoder.leafHash(row, 4))
        }
    }

    private static func damaged(_ what: String) -> PledgerError {
        PledgerError.ledgerUnavailable("the stored \(what) is damaged; run `pledger verify`")
    }
}

/// Decodes the repetitive columns of bulk reads, remembering dates and text hashes already seen: a large
/// ledger holds a million evidence rows but only a few thousand distinct days and source texts.
private struct BulkDecoder {
    /// The quote anchor columns, in the order ``quote(_:from:)`` reads them.
    static let quoteColumns = #"q.source_id, q.version, q.start, q."end", q.exact, q.prefix, q.suffix, q.text_sha256"#

    private var dates: [String: CalendarDate] = [:]
    private var hashes: [String: SHA256Hash] = [:]

    /// The 32-byte leaf hash in column `index`, read without copying the blob twice.
    static func leafHash(_ row: Row, _ index: Int) throws -> SHA256Hash {
        let hash = try row.withUnsafeData(atIndex: index) { data in data.flatMap { SHA256Hash(bytes: Array($0)) } }
        guard let hash else {
            throw PledgerError.ledgerUnavailable("a stored leaf hash is damaged; run `pledger verify`")
        }
        return hash
    }

    mutating func date(_ text: String, _ what: @autoclosure () -> String) throws -> CalendarDate {
        if let known = dates[text] { return known }
        guard let date = try? CalendarDate(validating: text) else {
            throw PledgerError.ledgerUnavailable("the stored \(what()) is damaged; run `pledger verify`")
        }
        dates[text] = date
        return date
    }

    mutating func quote(_ row: Row, from first: Int) throws -> AnchoredQuote {
        let hashText: String = row[first + 7]
        let textSHA256: SHA256Hash
        if let known = hashes[hashText] {
            textSHA256 = known
        } else {
            guard let parsed = SHA256Hash(hex: hashText) else {
                throw PledgerError.ledgerUnavailable("a stored quote's text hash is damaged; run `pledger verify`")
            }
            hashes[hashText] = parsed
            textSHA256 = parsed
        }
        let anchor = QuoteAnchor(
            start: row[first + 2], end: row[first + 3], exact: row[first + 4], prefix: row[first + 5],
            suffix: row[first + 6], textSHA256: textSHA256)
        let sourceID: Int = row[first]
        return AnchoredQuote(source: SourceRef(sourceID), version: row[first + 1], anchor: anchor)
    }
}
