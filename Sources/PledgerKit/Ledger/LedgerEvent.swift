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
    /// A signed checkpoint of the tree as it stood before this entry was recorded.
    case checkpointRecorded(CheckpointRecorded)
    /// A source got a new version.
    case sourceRevised(SourceRevised)
    /// A quote was re-anchored in a source's new version, or found orphaned there.
    case anchorMoved(AnchorMoved)

    /// The entry kind, such as `commitment.logged`.
    public var kind: EntryKind {
        switch self {
        case .ledgerCreated: .ledgerCreated
        case .sourceAdded: .sourceAdded
        case .actorAdded: .actorAdded
        case .commitmentLogged: .commitmentLogged
        case .evidenceAttached: .evidenceAttached
        case .statusAssessed: .statusAssessed
        case .checkpointRecorded: .checkpointRecorded
        case .sourceRevised: .sourceRevised
        case .anchorMoved: .anchorMoved
        }
    }
}

/// The kind of a ledger entry.
public enum EntryKind: String, Sendable, Codable, CaseIterable {
    /// `ledger.created`: the ledger was created.
    case ledgerCreated = "ledger.created"
    /// `source.added`: a source was archived.
    case sourceAdded = "source.added"
    /// `actor.added`: an actor was added.
    case actorAdded = "actor.added"
    /// `commitment.logged`: a commitment was logged.
    case commitmentLogged = "commitment.logged"
    /// `evidence.attached`: evidence was attached.
    case evidenceAttached = "evidence.attached"
    /// `status.assessed`: a status was assessed.
    case statusAssessed = "status.assessed"
    /// `checkpoint.recorded`: a signed checkpoint was recorded.
    case checkpointRecorded = "checkpoint.recorded"
    /// `source.revised`: a source got a new version.
    case sourceRevised = "source.revised"
    /// `anchor.moved`: a quote was re-anchored after a revision.
    case anchorMoved = "anchor.moved"
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
    /// The ref given to the new source.
    public var source: SourceRef
    /// Always 1: later versions come as `source.revised`.
    public var version: Int
    /// Title, publisher and the rest, as recorded.
    public var metadata: SourceMetadata
    /// The SHA-256 of the file's original bytes.
    public var originalSHA256: SHA256Hash
    /// The SHA-256 of the canonical text.
    public var textSHA256: SHA256Hash
    /// The canonical text itself (UTF-8, LF, NFC): what quotes anchor into.
    public var text: String
    /// `text/html` when the text was extracted from HTML; absent for plain text.
    public var mediaType: String?

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
    /// The actor's slug.
    public var actor: ActorSlug
    /// The display name.
    public var name: String
    /// What kind of actor this is.
    public var kind: ActorKind
    /// The actor this one belongs to.
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
    /// The ref given to the new commitment.
    public var commitment: CommitmentRef
    /// Who promised, in the order given.
    public var promisors: [ActorSlug]
    /// Who was promised.
    public var promisee: ActorSlug?
    /// The promise in the editor's words.
    public var summary: String
    /// The promise in the source's words, anchored.
    public var quote: AnchoredQuote
    /// The day the promise was made.
    public var madeOn: CalendarDate
    /// The due date as given (a day or `+Nd`).
    public var due: DueDate?
    /// The due day, resolved against `madeOn`.
    public var dueOn: CalendarDate?
    /// Tags, sorted and without duplicates.
    public var tags: [String]
    /// What counts as kept.
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
    /// The ref given to the new evidence.
    public var evidence: EvidenceRef
    /// The commitment it bears on.
    public var commitment: CommitmentRef
    /// The observation in the source's words, anchored.
    public var quote: AnchoredQuote
    /// The day of the observation.
    public var observedOn: CalendarDate
    /// How it bears on the commitment.
    public var stance: Stance
    /// The editor's note.
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
    /// The ref given to the new assessment.
    public var assessment: AssessmentRef
    /// The commitment judged.
    public var commitment: CommitmentRef
    /// The one promisor judged, or `nil` for all of them.
    public var promisor: ActorSlug?
    /// The status given.
    public var status: Status
    /// The day from which it holds.
    public var effectiveOn: CalendarDate
    /// Why.
    public var rationale: String
    /// The evidence relied on, in the order cited.
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

/// Payload of `source.revised`: a new version of an archived source, with its own hashes and canonical text.
public struct SourceRevised: Hashable, Sendable, Codable {
    /// The source that changed.
    public var source: SourceRef
    /// The new version's number (the previous latest plus one).
    public var version: Int
    /// The SHA-256 of the new version's original bytes.
    public var originalSHA256: SHA256Hash
    /// The SHA-256 of the new canonical text.
    public var textSHA256: SHA256Hash
    /// The new canonical text.
    public var text: String
    /// `text/html` when the text was extracted from HTML; absent for plain text.
    public var mediaType: String?

    /// Creates the payload.
    public init(
        source: SourceRef, version: Int, originalSHA256: SHA256Hash, textSHA256: SHA256Hash, text: String,
        mediaType: String? = nil
    ) {
        self.source = source
        self.version = version
        self.originalSHA256 = originalSHA256
        self.textSHA256 = textSHA256
        self.text = text
        self.mediaType = mediaType
    }
}

/// Payload of `anchor.moved`: the outcome of re-anchoring one quote — of a commitment or of evidence — from one
/// version of its source to the next.
public struct AnchorMoved: Hashable, Sendable, Codable {
    /// The commitment whose quote this is, if it is a commitment's.
    public var commitment: CommitmentRef?
    /// The evidence whose quote this is, if it is evidence's.
    public var evidence: EvidenceRef?
    /// The quote's source.
    public var source: SourceRef
    /// The version the quote was anchored in.
    public var fromVersion: Int
    /// The version it was looked for in.
    public var toVersion: Int
    /// How it was found, or `orphaned`.
    public var method: ReanchorMethod
    /// The match's score, 0…1 to four decimals (for an orphan, the best rejected score).
    public var score: Double
    /// The anchor before.
    public var from: QuoteAnchor
    /// The anchor in `toVersion`; absent when orphaned.
    public var to: QuoteAnchor?

    /// Creates the payload.
    public init(
        commitment: CommitmentRef? = nil, evidence: EvidenceRef? = nil, source: SourceRef, fromVersion: Int,
        toVersion: Int, method: ReanchorMethod, score: Double, from: QuoteAnchor, to: QuoteAnchor?
    ) {
        self.commitment = commitment
        self.evidence = evidence
        self.source = source
        self.fromVersion = fromVersion
        self.toVersion = toVersion
        self.method = method
        self.score = score
        self.from = from
        self.to = to
    }

    /// `C1` or `E1`: whose quote moved.
    public var owner: String {
        commitment?.description ?? evidence?.description ?? "?"
    }
}
