/// An observation bearing on a commitment, quoted from a source.
public struct Evidence: Hashable, Sendable, Codable {
    /// The evidence's ref, such as `E1`.
    public var ref: EvidenceRef
    /// The commitment it bears on.
    public var commitment: CommitmentRef
    /// The observation in the source's words.
    public var quote: AnchoredQuote
    /// The day the observation was made.
    public var observedOn: CalendarDate
    /// How it bears on the commitment.
    public var stance: Stance
    /// The editor's note.
    public var note: String?
    /// The hash of the ledger entry that attached it.
    public var entryHash: SHA256Hash
}
