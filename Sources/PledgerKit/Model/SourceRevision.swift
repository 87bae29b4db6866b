/// What `source revise` did: the new version and where each quote into the source went.
public struct SourceRevision: Sendable, Hashable, Encodable {
    /// The source, now at its new latest version.
    public var source: Source
    /// The new version's number.
    public var version: Int
    /// One re-anchoring outcome per quote that pointed into the source, commitments first, then evidence.
    public var moves: [AnchorMoved]

    /// The quotes that could not be found in the new version.
    public var orphaned: [AnchorMoved] { moves.filter { $0.method == .orphaned } }
}
