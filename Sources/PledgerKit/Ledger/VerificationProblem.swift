/// One thing `verify` found wrong, naming where it is.
public struct VerificationProblem: Error, Hashable, Sendable, CustomStringConvertible {
    /// Where the problem is, such as `entry 12` or `table commitment, row id=3 (entry 7)`.
    public var location: String
    /// What is wrong.
    public var message: String

    /// Creates a problem report.
    public init(location: String, message: String) {
        self.location = location
        self.message = message
    }

    public var description: String { "\(location): \(message)" }
}

/// What a whole-ledger check found, and how much of the ledger it checked.
public struct Verification: Hashable, Sendable {
    /// Every problem found; empty when the ledger is intact.
    public var problems: [VerificationProblem]
    /// The number of entries the check read, in the one read transaction it ran in.
    public var entryCount: Int
    /// The RFC 9162 root of those entries, computed from their bodies: the stored head's when the ledger is
    /// intact, and known even when the head is damaged.
    public var rootHash: SHA256Hash

    /// Creates a verification result.
    public init(problems: [VerificationProblem], entryCount: Int, rootHash: SHA256Hash) {
        self.problems = problems
        self.entryCount = entryCount
        self.rootHash = rootHash
    }
}
