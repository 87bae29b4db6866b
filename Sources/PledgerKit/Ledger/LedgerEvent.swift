/// One change to the ledger, as recorded in an entry's `kind` and `payload`.
///
/// Payloads carry every value the projection needs — including the refs they create — so that replaying the
/// log rebuilds the same tables.
public enum LedgerEvent: Hashable, Sendable {
    /// The ledger was created.
    case ledgerCreated(LedgerCreated)
    /// A source was archived.
    case sourceAdded(SourceAdded)
    /// An actor was added.
    case actorAdded(ActorAdded)
    /// A commitment was logged.
    case commitmentLogged(CommitmentLogged)
    /// Evidence was attached to a commitment.
    case evidenceAttached(EvidenceAttached)
    /// A commitment's status was assessed.
    case statusAssessed(StatusAssessed)

    /// The entry kind, such as `commitment.logged`.
    public var kind: EntryKind {
        switch self {
        case .ledgerCreated: .ledgerCreated
        case .sourceAdded: .sourceAdded
        case .actorAdded: .actorAdded
        case .commitmentLogged: .commitmentLogged
        case .evidenceAttached: .evidenceAttached
        case .statusAssessed: .statusAssessed
        }
    }
}

/// The kind of a ledger entry.
public enum EntryKind: String, Sendable, Codable, CaseIterable {
    case ledgerCreated = "ledger.created"
    case sourceAdded = "source.added"
    case actorAdded = "actor.added"
    case commitmentLogged = "commitment.logged"
    case evidenceAttached = "evidence.attached"
    case statusAssessed = "status.assessed"
}

/// Payload of `ledger.created`.
public struct LedgerCreated: Hashable, Sendable, Codable {
    /// The version of the entry format, currently 1.
    public var formatVersion: Int
    /// A label for the ledger, such as "seed case demo".
    public var label: String?

    /// Creates the payload.
    public init(formatVersion: Int, label: String? = nil) {
        self.formatVersion = formatVersion
        self.label = label
    }
}

/// Payload of `source.added`: the canonical text itself, its hashes and its metadata.
public struct SourceAdded: Hashable, Sendable, Codable {
    public var source: SourceRef
    public var version: Int
    public var metadata: SourceMetadata
    public var originalSHA256: SHA256Hash
    public var textSHA256: SHA256Hash
    public var text: String

    /// Creates the payload.
    public init(source: SourceRef, version: Int, metadata: SourceMetadata, originalSHA256: SHA256Hash, textSHA256: SHA256Hash, text: String) {
        self.source = source
        self.version = version
        self.metadata = metadata
        self.originalSHA256 = originalSHA256
        self.textSHA256 = textSHA256
        self.text = text
    }
}

/// Payload of `actor.added`.
public struct ActorAdded: Hashable, Sendable, Codable {
    public var actor: ActorSlug
    public var name: String
    public var kind: ActorKind
    public var parent: ActorSlug?

    /// Creates the payload.
    public init(actor: ActorSlug, name: String, kind: ActorKind, parent: ActorSlug? = nil) {
        self.actor = actor
        self.name = name
        self.kind = kind
        self.parent = parent
    }
}

/// Payload of `commitment.logged`.
public struct CommitmentLogged: Hashable, Sendable, Codable {
    public var commitment: CommitmentRef
    public var promisors: [ActorSlug]
    public var promisee: ActorSlug?
    public var summary: String
    public var quote: AnchoredQuote
    public var madeOn: CalendarDate
    public var due: DueDate?
    public var dueOn: CalendarDate?
    public var tags: [String]
    public var criteria: String?

    /// Creates the payload.
    public init(commitment: CommitmentRef, promisors: [ActorSlug], promisee: ActorSlug? = nil, summary: String, quote: AnchoredQuote, madeOn: CalendarDate, due: DueDate? = nil, dueOn: CalendarDate? = nil, tags: [String], criteria: String? = nil) {
        self.commitment = commitment
        self.promisors = promisors
        self.promisee = promisee
        self.summary = summary
        self.quote = quote
        self.madeOn = madeOn
        self.due = due
        self.dueOn = dueOn
        self.tags = tags
        self.criteria = criteria
    }
}

/// Payload of `evidence.attached`.
public struct EvidenceAttached: Hashable, Sendable, Codable {
    public var evidence: EvidenceRef
    public var commitment: CommitmentRef
    public var quote: AnchoredQuote
    public var observedOn: CalendarDate
    public var stance: Stance
    public var note: String?

    /// Creates the payload.
    public init(evidence: EvidenceRef, commitment: CommitmentRef, quote: AnchoredQuote, observedOn: CalendarDate, stance: Stance, note: String? = nil) {
        self.evidence = evidence
        self.commitment = commitment
        self.quote = quote
        self.observedOn = observedOn
        self.stance = stance
        self.note = note
    }
}

/// Payload of `status.assessed`. The assessor is the entry's author.
public struct StatusAssessed: Hashable, Sendable, Codable {
    public var assessment: AssessmentRef
    public var commitment: CommitmentRef
    public var promisor: ActorSlug?
    public var status: Status
    public var effectiveOn: CalendarDate
    public var rationale: String
    public var evidence: [EvidenceRef]

    /// Creates the payload.
    public init(assessment: AssessmentRef, commitment: CommitmentRef, promisor: ActorSlug? = nil, status: Status, effectiveOn: CalendarDate, rationale: String, evidence: [EvidenceRef]) {
        self.assessment = assessment
        self.commitment = commitment
        self.promisor = promisor
        self.status = status
        self.effectiveOn = effectiveOn
        self.rationale = rationale
        self.evidence = evidence
    }
}
