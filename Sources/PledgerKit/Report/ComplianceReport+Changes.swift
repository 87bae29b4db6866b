extension ComplianceReport {
    /// What changed between two days (exclusive `since`, inclusive as-of), the way an interim and a final
    /// compliance report are compared: commitments made in between, status moves, and evidence observed in
    /// between. Both ends use effective dates; only commitments in the report's scope are considered.
    public struct Changes: Hashable, Sendable, Codable {
        /// The earlier day; changes are those after it, up to and including the as-of day.
        public var since: CalendarDate
        /// Commitments made after `since`.
        public var newCommitments: [NewCommitment]
        /// Status changes of commitments that already existed on `since`: the overall status, and for
        /// multi-party pledges each party whose own move differs from the overall one.
        public var statusMoves: [StatusMove]
        /// Evidence observed after `since`.
        public var newEvidence: [NewEvidence]

        /// Creates a change list.
        public init(
            since: CalendarDate, newCommitments: [NewCommitment], statusMoves: [StatusMove], newEvidence: [NewEvidence]
        ) {
            self.since = since
            self.newCommitments = newCommitments
            self.statusMoves = statusMoves
            self.newEvidence = newEvidence
        }

        /// Whether nothing changed.
        public var isEmpty: Bool {
            newCommitments.isEmpty && statusMoves.isEmpty && newEvidence.isEmpty
        }

        /// The move of `party`'s status on `commitment`: its own move when listed, else the overall move when
        /// the party moved with it (`partyStatus` is the party's status on the as-of day), else `nil`.
        public func move(of commitment: CommitmentRef, party: ActorSlug, partyStatus: Status) -> StatusMove? {
            let moves = statusMoves.filter { $0.commitment == commitment }
            if let own = moves.first(where: { $0.party?.slug == party }) {
                return own
            }
            return moves.first { $0.party == nil && $0.after == partyStatus }
        }
    }

    /// A commitment made within the change window.
    public struct NewCommitment: Hashable, Sendable, Codable {
        /// The commitment's ref.
        public var commitment: CommitmentRef
        /// Its summary.
        public var summary: String
        /// The day it was made.
        public var madeOn: CalendarDate
        /// Its overall status on the as-of day.
        public var status: Status
    }

    /// A status that differs between `since` and the as-of day.
    public struct StatusMove: Hashable, Sendable, Codable {
        /// The commitment's ref.
        public var commitment: CommitmentRef
        /// Its summary.
        public var summary: String
        /// The party whose own status moved, or `nil` for the commitment's overall status.
        public var party: Named?
        /// The status on `since`.
        public var before: Status
        /// The status on the as-of day.
        public var after: Status
        /// The assessments effective within the window that bear on this status, oldest first.
        public var assessments: [AssessmentRef]
    }

    /// Evidence observed within the change window.
    public struct NewEvidence: Hashable, Sendable, Codable {
        /// The evidence's ref.
        public var evidence: EvidenceRef
        /// The commitment it bears on.
        public var commitment: CommitmentRef
        /// How it bears on it.
        public var stance: Stance
        /// The day of the observation.
        public var observedOn: CalendarDate
        /// The quoted words.
        public var exact: String
    }
}
