/// A quote that could not be found again in the newest version of its source, and so still points into an
/// older one.
public struct OrphanedQuote: Sendable, Hashable, Encodable {
    /// `C1` or `E1`: whose quote it is.
    public var owner: String
    /// The commitment concerned (the evidence's commitment for evidence).
    public var commitment: CommitmentRef
    /// The quote as it stands, anchored in an older version.
    public var quote: AnchoredQuote
    /// The version it could not be found in.
    public var orphanedIn: Int
    /// The best score any place in that version reached (below the minimum).
    public var bestScore: Double
}
