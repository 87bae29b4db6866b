/// A status judgement on a commitment, for all its promisors or for one of them.
public struct Assessment: Hashable, Sendable, Codable {
    /// The assessment's ref, such as `A1`.
    public var ref: AssessmentRef
    /// The commitment judged.
    public var commitment: CommitmentRef
    /// The promisor judged, or `nil` when the judgement covers every promisor.
    public var promisor: ActorSlug?
    /// The status given.
    public var status: Status
    /// The day from which the status holds.
    public var effectiveOn: CalendarDate
    /// Why.
    public var rationale: String
    /// The evidence relied on.
    public var evidence: [EvidenceRef]
    /// Who assessed (the ledger entry's author).
    public var assessor: String
    /// When the ledger recorded it (ISO 8601, UTC).
    public var recordedAt: String
    /// The hash of the ledger entry that recorded it.
    public var entryHash: SHA256Hash
}
