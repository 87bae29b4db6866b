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
}

/// Payload of `source.added`: the canonical text itself, its hashes and its metadata.
public struct SourceAdded: Hashable, Sendable, Codable {
    public var source: SourceRef
    public var version: Int
    public var metadata: SourceMetadata
    public var originalSHA256: SHA256Hash
    public var textSHA256: SHA256Hash
    public var text: String
}

/// Payload of `actor.added`.
public struct ActorAdded: Hashable, Sendable, Codable {
    public var actor: ActorSlug
    public var name: String
    public var kind: ActorKind
    public var parent: ActorSlug?
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
}

/// Payload of `evidence.attached`.
public struct EvidenceAttached: Hashable, Sendable, Codable {
    public var evidence: EvidenceRef
    public var commitment: CommitmentRef
    public var quote: AnchoredQuote
    public var observedOn: CalendarDate
    public var stance: Stance
    public var note: String?
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
}
