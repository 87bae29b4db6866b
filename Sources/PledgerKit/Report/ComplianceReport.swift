/// A compliance status report computed as of one day: every commitment's status with its quotes and
/// evidence, scorecards per actor and overall, and a stamp that ties it to one state of the ledger.
///
/// One model, many renderers: see ``MarkdownReportRenderer`` and ``JSONReportRenderer``.
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
}

extension ComplianceReport {
    /// The filters a report was made with.
    public struct Scope: Hashable, Sendable, Codable {
        /// Only this actor's commitments, when set.
        public var actor: ActorSlug?
        /// Only commitments with this tag, when set.
        public var tag: String?

        /// Creates a scope; with no arguments it covers every commitment.
        public init(actor: ActorSlug? = nil, tag: String? = nil) {
            self.actor = actor
            self.tag = tag
        }
    }

    /// The reproducibility stamp: the ledger's size and Merkle root when the report was computed.
    public struct Stamp: Hashable, Sendable, Codable {
        /// The number of entries in the ledger.
        public var entryCount: Int
        /// The RFC 9162 Merkle tree head over those entries.
        public var rootHash: SHA256Hash
        /// When the report was generated (ISO 8601, UTC).
        public var generatedAt: String
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
        public var ref: CommitmentRef
        public var entryHash: SHA256Hash
        public var summary: String
        public var promisors: [Party]
        public var promisee: Named?
        public var madeOn: CalendarDate
        public var dueOn: CalendarDate?
        /// The overall status on the as-of day.
        public var status: Status
        public var overdue: Bool
        public var daysOverdue: Int?
        public var quote: CitedQuote
        /// The assessment that sets the overall status, when there is one.
        public var latestAssessment: AssessmentSummary?
        public var supporting: [CitedEvidence]
        public var contradicting: [CitedEvidence]
        public var context: [CitedEvidence]
        /// Every assessment effective on or before the as-of day, oldest first.
        public var history: [AssessmentSummary]
        public var tags: [String]
    }

    /// An actor by slug and name.
    public struct Named: Hashable, Sendable, Codable {
        public var slug: ActorSlug
        public var name: String
    }

    /// A promisor with its own status on the as-of day.
    public struct Party: Hashable, Sendable, Codable {
        public var slug: ActorSlug
        public var name: String
        public var status: Status
    }

    /// A quote with everything needed to find its words again: source, version, hash and offsets.
    public struct CitedQuote: Hashable, Sendable, Codable {
        public var source: SourceRef
        public var title: String
        public var publisher: String
        public var publishedOn: CalendarDate?
        public var url: String?
        public var version: Int
        public var textSHA256: SHA256Hash
        public var start: Int
        public var end: Int
        public var exact: String
        public var prefix: String
        public var suffix: String
    }

    /// A piece of evidence as reported.
    public struct CitedEvidence: Hashable, Sendable, Codable {
        public var ref: EvidenceRef
        public var entryHash: SHA256Hash
        public var observedOn: CalendarDate
        public var stance: Stance
        public var note: String?
        public var quote: CitedQuote
    }

    /// An assessment as reported.
    public struct AssessmentSummary: Hashable, Sendable, Codable {
        public var ref: AssessmentRef
        public var entryHash: SHA256Hash
        public var promisor: ActorSlug?
        public var status: Status
        public var effectiveOn: CalendarDate
        public var rationale: String
        public var assessor: String
        public var evidence: [EvidenceRef]
    }
}
