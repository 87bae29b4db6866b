/// A promise: who made it, to whom, in which words, and by when it is due.
public struct Commitment: Hashable, Sendable, Codable {
    /// The commitment's ref, such as `C1`.
    public var ref: CommitmentRef
    /// Who promised; multi-party pledges list every party.
    public var promisors: [ActorSlug]
    /// Who was promised, when there is someone.
    public var promisee: ActorSlug?
    /// The promise in the editor's words.
    public var summary: String
    /// The promise in the source's words.
    public var quote: AnchoredQuote
    /// The day the promise was made.
    public var madeOn: CalendarDate
    /// The due date as the user wrote it (a day, or days after `madeOn`).
    public var due: DueDate?
    /// The day the promise falls due, resolved from `due`.
    public var dueOn: CalendarDate?
    /// Tags for filtering.
    public var tags: [String]
    /// What counts as kept, when stated.
    public var criteria: String?
    /// The hash of the ledger entry that logged the commitment.
    public var entryHash: SHA256Hash
}
