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

    /// Whether the filter lets every commitment through, so that a caller need not ask of each.
    var isUnrestricted: Bool {
        status == nil && actor == nil && tag == nil && !overdueOnly
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
    ///
    /// - Throws: ``PledgerError/notFound(_:)`` when the filter names an actor the ledger does not hold, or a
    ///   tag no commitment has — a typo must not read as "nothing matches".
    public func commitments(matching filter: CommitmentFilter, asOf day: CalendarDate) throws -> [CommitmentDossier] {
        if let actor = filter.actor {
            _ = try self.actor(actor)
        }
        if let tag = filter.tag {
            try read { db in try Self.requireKnownTag(tag, in: db) }
        }
        return try dossiers().filter { $0.wasMade(by: day) && filter.matches($0, asOf: day) }
    }

    /// Refuses a tag that no commitment recorded by the log's first `entryCount` entries has, naming a tag
    /// that differs from it only in case.
    static func requireKnownTag(_ tag: String, recordedIn entryCount: Int = .max, in db: Database) throws {
        let tags = try String.fetchAll(
            db,
            sql: """
                SELECT DISTINCT t.tag FROM commitment_tag t JOIN commitment c ON c.id = t.commitment_id
                WHERE c.entry_seq < ? ORDER BY t.tag
                """,
            arguments: [entryCount])
        guard !tags.contains(tag) else { return }
        if let near = tags.first(where: { $0.lowercased() == tag.lowercased() }) {
            throw PledgerError.notFound("no commitment has the tag '\(tag)'; tags are matched exactly: did you mean '\(near)'?")
        }
        throw PledgerError.notFound("no commitment has the tag '\(tag)'; check its spelling")
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

    /// The ledger entries that recorded or changed a commitment, its evidence and its assessments: with the
    /// `anchor.moved` entries that re-anchored its quote or its evidence's quotes, and the `source.revised`
    /// entries that caused those moves.
    public func history(of ref: CommitmentRef) throws -> [LedgerEntry] {
        try read { db in
            _ = try Self.fetchCommitment(ref, in: db)
            return try Data.fetchAll(
                db,
                sql: """
                    WITH quote(id) AS (
                        SELECT quote_id FROM commitment WHERE id = :id
                        UNION SELECT quote_id FROM evidence WHERE commitment_id = :id)
                    SELECT body FROM entry WHERE seq IN (
                        SELECT entry_seq FROM commitment WHERE id = :id
                        UNION SELECT entry_seq FROM evidence WHERE commitment_id = :id
                        UNION SELECT entry_seq FROM assessment WHERE commitment_id = :id
                        UNION SELECT entry_seq FROM anchor_move WHERE quote_id IN quote
                        UNION SELECT v.entry_seq FROM source_version v
                            JOIN anchor_move m ON m.source_id = v.source_id AND m.to_version = v.version
                            WHERE m.quote_id IN quote)
                    ORDER BY seq
                    """, arguments: ["id": ref.number]
            ).map { try LedgerEntry(body: Array($0)) }
        }
    }

    /// Refuses `day` when it is after today — by more than a day, so that a user ahead of UTC can enter their
    /// own today: reports leave out what is dated after their as-of day, so a mistyped year would hide it.
    /// Today is the real one, or the store's clock when that is later: a clock pinned to the past (for a
    /// reproducible ledger) must not refuse real dates.
    func requireNotAfterToday(_ day: CalendarDate, option: String, what: String) throws {
        let now = max(today, CalendarDate(Date()))
        guard day <= now.adding(days: 1) else {
            throw PledgerError.invalidInput(
                "\(option) \(day) is in the future (today is \(now) in UTC, and one day more is allowed for time zones ahead of it); \(what), so check the date")
        }
    }

    /// How many commitments were made, and how many assessments take effect, after `day`: what a list or
    /// report as of `day` leaves out. The date options allow a day past today in UTC, for time zones ahead of
    /// it, so a report as of today can leave out what was recorded a moment ago.
    public func datedAfter(_ day: CalendarDate) throws -> (commitments: Int, assessments: Int) {
        try read { db in
            (
                try Int.fetchOne(db, sql: "SELECT count(*) FROM commitment WHERE made_on > ?", arguments: [day]) ?? 0,
                try Int.fetchOne(db, sql: "SELECT count(*) FROM assessment WHERE effective_on > ?", arguments: [day]) ?? 0
            )
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
