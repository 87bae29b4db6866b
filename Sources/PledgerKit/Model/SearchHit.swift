/// One text that matched a search, best first.
public struct SearchHit: Sendable, Hashable, Encodable {
    /// What the text belongs to: `S1`, `C1`, `E1` or `A1`.
    public var ref: String
    /// Which text of it matched: `title`, `text`, `summary`, `quote`, `criteria`, `note` or `rationale`.
    public var field: String
    /// The commitment concerned: the commitment itself, or the one the evidence or assessment bears on.
    public var commitment: CommitmentRef?
    /// The matching passage with the matched terms in `[` `]` and `…` where the text was cut.
    public var snippet: String
    /// The SQLite FTS5 bm25 rank: lower is a better match.
    public var rank: Double
}
