/// A compliance status report computed as of one day: every commitment's status with its quotes and
/// evidence, scorecards per actor and overall, and a stamp that ties it to one state of the ledger.
///
/// One model, many renderers: ``TextReportRenderer`` (the terminal default), ``MarkdownReportRenderer``,
/// ``HTMLReportRenderer``, ``JSONReportRenderer`` and ``CSVReportRenderer``. The JSON shape is documented in
/// docs/report-schema.md; ``schemaVersion`` changes whenever that shape does.
public struct ComplianceReport: Hashable, Sendable, Codable {
    /// The version of this report's JSON shape.
    public var schemaVersion: Int
    /// The day the statuses are computed for.
    public var asOf: CalendarDate
    /// Which commitments the report covers.
    public var scope: Scope
    /// Which ledger state the report was computed from.
    public var stamp: Stamp
    /// The scorecard over every promisor of every covered commitment.
    public var overall: Scorecard
    /// One scorecard per promisor.
    public var actors: [ActorScorecard]
    /// The covered commitments, in ref order.
    public var commitments: [Item]
    /// The refs of the covered commitments that are overdue.
    public var overdue: [CommitmentRef]
    /// What changed since an earlier day, when the report was asked for one (`report --since`).
    public var changes: Changes?
}

extension ComplianceReport {
    /// The filters a report was made with.
    public struct Scope: Hashable, Sendable, Codable {
        /// Only this actor's commitments, when set.
        public var actor: ActorSlug?
        /// Only commitments with this tag, when set.
        public var tag: String?
        /// Only commitments whose overall status on the as-of day is this one, when set.
        public var status: Status?

        /// Creates a scope; with no arguments it covers every commitment.
        public init(actor: ActorSlug? = nil, tag: String? = nil, status: Status? = nil) {
            self.actor = actor
            self.tag = tag
            self.status = status
        }
    }

    /// The reproducibility stamp: which ledger state, and which day, the report was computed from.
    ///
    /// Anyone holding the ledger can recompute the same report from `entryCount`, `asOf` and the scope, and
    /// check `rootHash` against `pledger verify`.
    public struct Stamp: Hashable, Sendable, Codable {
        /// The number of entries the report was computed from (the as-recorded count when one was asked for).
        public var entryCount: Int
        /// The RFC 9162 Merkle tree head over those entries.
        public var rootHash: SHA256Hash
        /// When the report was generated (ISO 8601, UTC).
        public var generatedAt: String
        /// The day the statuses are computed for.
        public var asOf: CalendarDate
        /// The recorded-order clock, when the report reads the ledger as it stood at an earlier size.
        public var asRecorded: AsRecorded?
        /// The latest signed checkpoint (a C2SP signed note) among the entries the report was computed from,
        /// when the ledger has one: a reader who trusts its key can check the report against it with
        /// `pledger verify --checkpoint` or `docs/verify_pledger_proof.py`.
        public var checkpoint: String?

        /// Creates a stamp.
        public init(
            entryCount: Int, rootHash: SHA256Hash, generatedAt: String, asOf: CalendarDate, asRecorded: AsRecorded? = nil,
            checkpoint: String? = nil
        ) {
            self.entryCount = entryCount
            self.rootHash = rootHash
            self.generatedAt = generatedAt
            self.asOf = asOf
            self.asRecorded = asRecorded
            self.checkpoint = checkpoint
        }
    }

    /// How a report was pinned to an earlier state of the log (`report --as-recorded N|DATE`).
    public struct AsRecorded: Hashable, Sendable, Codable {
        /// The number of leading entries the report read.
        public var entryCount: Int
        /// The UTC day that was asked for, when the state was named by a day rather than a count.
        public var recordedThrough: CalendarDate?
        /// The whole ledger's size when the report was generated.
        public var ledgerEntryCount: Int
        /// The whole ledger's Merkle root when the report was generated.
        public var ledgerRootHash: SHA256Hash

        /// Creates the as-recorded part of a stamp.
        public init(entryCount: Int, recordedThrough: CalendarDate?, ledgerEntryCount: Int, ledgerRootHash: SHA256Hash) {
            self.entryCount = entryCount
            self.recordedThrough = recordedThrough
            self.ledgerEntryCount = ledgerEntryCount
            self.ledgerRootHash = ledgerRootHash
        }
    }

    /// Counts by status and the G7 Research Group score.
    public struct Scorecard: Hashable, Sendable, Codable {
        /// How many (commitment, promisor) pairs have each status; every status is listed, zeros included.
        public var counts: [String: Int]
        /// How many pairs were scored (those not `not-yet-rated`, `unverifiable` or `withdrawn`).
        public var scored: Int
        /// The mean score, from −1 to +1, or `nil` when nothing was scored.
        public var meanScore: Double?
        /// (mean + 1) / 2 × 100, or `nil` when nothing was scored.
        public var compliancePercent: Double?

        /// Tallies statuses into a scorecard.
        public init(statuses: [Status]) {
            var counts = Dictionary(uniqueKeysWithValues: Status.allCases.map { ($0.rawValue, 0) })
            for status in statuses {
                counts[status.rawValue, default: 0] += 1
            }
            let scores = statuses.compactMap(\.score)
            self.counts = counts
            scored = scores.count
            if scores.isEmpty {
                meanScore = nil
                compliancePercent = nil
            } else {
                let mean = Double(scores.reduce(0, +)) / Double(scores.count)
                meanScore = mean
                compliancePercent = (mean + 1) / 2 * 100
            }
        }
    }

    /// One promisor's scorecard.
    public struct ActorScorecard: Hashable, Sendable, Codable {
        /// The actor.
        public var actor: ActorSlug
        /// The actor's display name.
        public var name: String
        /// The actor's statuses over the commitments it made.
        public var scorecard: Scorecard
    }

    /// One commitment as reported.
    public struct Item: Hashable, Sendable, Codable {
        /// The commitment's ref.
        public var ref: CommitmentRef
        /// The hash of the entry that logged it.
        public var entryHash: SHA256Hash
        /// The promise in the editor's words.
        public var summary: String
        /// Every promisor, each with its own status.
        public var promisors: [Party]
        /// Who was promised, when someone was.
        public var promisee: Named?
        /// The day the promise was made.
        public var madeOn: CalendarDate
        /// The day it falls due, when it does.
        public var dueOn: CalendarDate?
        /// What counts as kept, when stated.
        public var criteria: String?
        /// The overall status on the as-of day.
        public var status: Status
        /// The overall status from the day made to the as-of day: the status on the day made, then each
        /// change, oldest first (see ``CommitmentDossier/statusChanges(through:)``). Empty in a report decoded
        /// from JSON written before it was added.
        public var statusChanges: [StatusChange] = []
        /// Whether the due day has passed on the as-of day and the overall status is not settled.
        public var overdue: Bool
        /// Days past due on the as-of day, when overdue.
        public var daysOverdue: Int?
        /// The promise in the source's words, with its citation.
        public var quote: CitedQuote
        /// The assessment that sets the overall status, when there is one.
        public var latestAssessment: AssessmentSummary?
        /// Evidence with stance `supports`, observed on or before the as-of day or relied on by an assessment
        /// in ``history``.
        public var supporting: [CitedEvidence]
        /// Evidence with stance `contradicts`, observed on or before the as-of day or relied on by an
        /// assessment in ``history``.
        public var contradicting: [CitedEvidence]
        /// Evidence with stance `context`, observed on or before the as-of day or relied on by an assessment
        /// in ``history``.
        public var context: [CitedEvidence]
        /// Every assessment effective on or before the as-of day, oldest first.
        public var history: [AssessmentSummary]
        /// Tags, sorted.
        public var tags: [String]

        /// All evidence, whatever its stance, in ref order.
        public var evidence: [CitedEvidence] {
            (supporting + contradicting + context).sorted { $0.ref < $1.ref }
        }
    }

    /// An actor by slug and name.
    public struct Named: Hashable, Sendable, Codable {
        /// The actor's slug.
        public var slug: ActorSlug
        /// The actor's display name.
        public var name: String
    }

    /// A promisor with its own status on the as-of day.
    public struct Party: Hashable, Sendable, Codable {
        /// The promisor's slug.
        public var slug: ActorSlug
        /// The promisor's display name.
        public var name: String
        /// This promisor's status: set by an assessment for it alone, or for every promisor.
        public var status: Status
        /// Whether the due day has passed and this promisor's status is not settled.
        public var overdue: Bool
        /// Days past due, when this promisor is overdue.
        public var daysOverdue: Int?
        /// In a report with changes, this promisor's status on the `since` day, when the commitment was made by
        /// then.
        public var statusOnSince: Status?

        /// Creates a party's line.
        public init(
            slug: ActorSlug, name: String, status: Status, overdue: Bool, daysOverdue: Int?, statusOnSince: Status? = nil
        ) {
            self.slug = slug
            self.name = name
            self.status = status
            self.overdue = overdue
            self.daysOverdue = daysOverdue
            self.statusOnSince = statusOnSince
        }
    }

    /// A quote with everything needed to find its words again: source, version, hash and offsets.
    public struct CitedQuote: Hashable, Sendable, Codable {
        /// The source's ref.
        public var source: SourceRef
        /// The source's title.
        public var title: String
        /// The source's publisher.
        public var publisher: String
        /// The day the source was published, when known.
        public var publishedOn: CalendarDate?
        /// Where the source was found, when recorded.
        public var url: String?
        /// The source version whose canonical text the offsets point into.
        public var version: Int
        /// The SHA-256 of that canonical text.
        public var textSHA256: SHA256Hash
        /// The first code point of the quote (Unicode scalar offset, from 0).
        public var start: Int
        /// The code point just past the quote.
        public var end: Int
        /// The quoted words as the source has them.
        public var exact: String
        /// Up to 32 code points of the source right before the quote.
        public var prefix: String
        /// Up to 32 code points of the source right after the quote.
        public var suffix: String
        /// The source's latest version, when a revision could not find the words again in it: the quote
        /// stands in `version` (which the offsets and hash cite) but no longer in the source as it now reads.
        /// `nil` when the quote is anchored in the latest version.
        public var orphanedIn: Int? = nil
    }

    /// A piece of evidence as reported.
    public struct CitedEvidence: Hashable, Sendable, Codable {
        /// The evidence's ref.
        public var ref: EvidenceRef
        /// The hash of the entry that attached it.
        public var entryHash: SHA256Hash
        /// The day of the observation.
        public var observedOn: CalendarDate
        /// How it bears on the commitment.
        public var stance: Stance
        /// The editor's note.
        public var note: String?
        /// The observation in the source's words, with its citation.
        public var quote: CitedQuote
    }

    /// An assessment as reported.
    public struct AssessmentSummary: Hashable, Sendable, Codable {
        /// The assessment's ref.
        public var ref: AssessmentRef
        /// The hash of the entry that recorded it.
        public var entryHash: SHA256Hash
        /// The one promisor it judges, or `nil` for all of them.
        public var promisor: ActorSlug?
        /// The status given.
        public var status: Status
        /// The day from which the status holds.
        public var effectiveOn: CalendarDate
        /// Why.
        public var rationale: String
        /// Who assessed.
        public var assessor: String
        /// The evidence it relies on.
        public var evidence: [EvidenceRef]
    }
}

extension ComplianceReport.Item {
    /// Decodes an item, from JSON of schema version 2 written before `statusChanges` was added too.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        ref = try container.decode(CommitmentRef.self, forKey: .ref)
        entryHash = try container.decode(SHA256Hash.self, forKey: .entryHash)
        summary = try container.decode(String.self, forKey: .summary)
        promisors = try container.decode([ComplianceReport.Party].self, forKey: .promisors)
        promisee = try container.decodeIfPresent(ComplianceReport.Named.self, forKey: .promisee)
        madeOn = try container.decode(CalendarDate.self, forKey: .madeOn)
        dueOn = try container.decodeIfPresent(CalendarDate.self, forKey: .dueOn)
        criteria = try container.decodeIfPresent(String.self, forKey: .criteria)
        status = try container.decode(Status.self, forKey: .status)
        statusChanges = try container.decodeIfPresent([StatusChange].self, forKey: .statusChanges) ?? []
        overdue = try container.decode(Bool.self, forKey: .overdue)
        daysOverdue = try container.decodeIfPresent(Int.self, forKey: .daysOverdue)
        quote = try container.decode(ComplianceReport.CitedQuote.self, forKey: .quote)
        latestAssessment = try container.decodeIfPresent(ComplianceReport.AssessmentSummary.self, forKey: .latestAssessment)
        supporting = try container.decode([ComplianceReport.CitedEvidence].self, forKey: .supporting)
        contradicting = try container.decode([ComplianceReport.CitedEvidence].self, forKey: .contradicting)
        context = try container.decode([ComplianceReport.CitedEvidence].self, forKey: .context)
        history = try container.decode([ComplianceReport.AssessmentSummary].self, forKey: .history)
        tags = try container.decode([String].self, forKey: .tags)
    }
}
