/// Someone who promises or is promised to: a person, government, agency, company or group.
public struct Actor: Hashable, Sendable, Codable {
    /// The actor's id, such as `xi-jinping`.
    public var slug: ActorSlug
    /// The name shown in reports.
    public var name: String
    /// What kind of actor this is.
    public var kind: ActorKind
    /// The actor this one belongs to, such as `prc` for `xi-jinping`.
    public var parent: ActorSlug?
    /// The hash of the ledger entry that added the actor.
    public var entryHash: SHA256Hash
}
