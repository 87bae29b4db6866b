/// A whole case described as data — sources, actors, commitments, evidence and assessments — that
/// ``LedgerStore/load(_:sourceBytes:)`` records through the same calls the CLI makes.
///
/// Items refer to each other by `key`s local to the file, since refs are only known once recorded.
/// The seed case in `fixtures/seed-case/case.json` is one.
public struct CaseFile: Hashable, Sendable, Codable {
    /// A label for the ledger.
    public var label: String?
    /// The sources, archived first.
    public var sources: [SourceItem]
    /// The actors, added in order (parents first).
    public var actors: [ActorItem]
    /// The commitments.
    public var commitments: [CommitmentItem]
    /// The evidence, naming commitments by key.
    public var evidence: [EvidenceItem]
    /// The assessments, in the order to record them.
    public var assessments: [AssessmentItem]

    /// A source: the file holding its text, and its metadata.
    public struct SourceItem: Hashable, Sendable, Codable {
        /// The name other items use for this source.
        public var key: String
        /// The text file, relative to the case file's folder.
        public var file: String
        /// The document's title.
        public var title: String
        /// Who published it.
        public var publisher: String
        /// Who wrote it.
        public var author: String?
        /// Where it was found.
        public var url: String?
        /// The day it was published.
        public var published: CalendarDate?
        /// When it was retrieved.
        public var retrieved: String?
    }

    /// An actor.
    public struct ActorItem: Hashable, Sendable, Codable {
        /// The actor's slug.
        public var slug: ActorSlug
        /// The display name.
        public var name: String
        /// What kind of actor this is.
        public var kind: ActorKind
        /// The actor this one belongs to.
        public var parent: ActorSlug?
    }

    /// A commitment, naming its source by key.
    public struct CommitmentItem: Hashable, Sendable, Codable {
        /// The name evidence and assessments use for this commitment.
        public var key: String
        /// The promisors.
        public var by: [ActorSlug]
        /// The promisee.
        public var to: ActorSlug?
        /// The key of the source holding the quote.
        public var source: String
        /// The promise's words.
        public var quote: String
        /// Which occurrence of the quote (1-based), when it is ambiguous.
        public var occurrence: Int?
        /// The promise in the editor's words.
        public var summary: String?
        /// The day it was made.
        public var made: CalendarDate?
        /// When it falls due: a day or `+Nd`.
        public var due: DueDate?
        /// Tags.
        public var tags: [String]?
        /// What counts as kept.
        public var criteria: String?
    }

    /// A piece of evidence, naming its commitment and source by key.
    public struct EvidenceItem: Hashable, Sendable, Codable {
        /// The name assessments use for this evidence.
        public var key: String
        /// The key of the commitment it bears on.
        public var commitment: String
        /// The key of the source holding the quote.
        public var source: String
        /// The observation's words.
        public var quote: String
        /// Which occurrence of the quote (1-based).
        public var occurrence: Int?
        /// How it bears on the commitment.
        public var stance: Stance
        /// The day of the observation.
        public var observed: CalendarDate?
        /// The editor's note.
        public var note: String?
    }

    /// An assessment, naming its commitment and evidence by key.
    public struct AssessmentItem: Hashable, Sendable, Codable {
        /// The key of the commitment judged.
        public var commitment: String
        /// The status.
        public var status: Status
        /// One promisor, or none for all.
        public var `for`: ActorSlug?
        /// The keys of the evidence relied on.
        public var evidence: [String]?
        /// Why.
        public var rationale: String
        /// The day from which it holds.
        public var effective: CalendarDate?
    }
}
