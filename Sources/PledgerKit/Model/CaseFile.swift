/// A whole case described as data — sources, actors, commitments, evidence and assessments — that
/// ``LedgerStore/load(_:sourceBytes:)`` records through the same calls the CLI makes.
///
/// Items refer to each other by `key`s local to the file, since refs are only known once recorded.
/// The seed case in `fixtures/seed-case/case.json` is one.
public struct CaseFile: Hashable, Sendable, Codable {
    /// A label for the ledger.
    public var label: String?
    public var sources: [SourceItem]
    public var actors: [ActorItem]
    public var commitments: [CommitmentItem]
    public var evidence: [EvidenceItem]
    public var assessments: [AssessmentItem]

    /// A source: the file holding its text, and its metadata.
    public struct SourceItem: Hashable, Sendable, Codable {
        public var key: String
        public var file: String
        public var title: String
        public var publisher: String
        public var author: String?
        public var url: String?
        public var published: CalendarDate?
        public var retrieved: String?
    }

    /// An actor.
    public struct ActorItem: Hashable, Sendable, Codable {
        public var slug: ActorSlug
        public var name: String
        public var kind: ActorKind
        public var parent: ActorSlug?
    }

    /// A commitment, naming its source by key.
    public struct CommitmentItem: Hashable, Sendable, Codable {
        public var key: String
        public var by: [ActorSlug]
        public var to: ActorSlug?
        public var source: String
        public var quote: String
        public var occurrence: Int?
        public var summary: String?
        public var made: CalendarDate?
        public var due: DueDate?
        public var tags: [String]?
        public var criteria: String?
    }

    /// A piece of evidence, naming its commitment and source by key.
    public struct EvidenceItem: Hashable, Sendable, Codable {
        public var key: String
        public var commitment: String
        public var source: String
        public var quote: String
        public var occurrence: Int?
        public var stance: Stance
        public var observed: CalendarDate?
        public var note: String?
    }

    /// An assessment, naming its commitment and evidence by key.
    public struct AssessmentItem: Hashable, Sendable, Codable {
        public var commitment: String
        public var status: Status
        public var `for`: ActorSlug?
        public var evidence: [String]?
        public var rationale: String
        public var effective: CalendarDate?
    }
}
