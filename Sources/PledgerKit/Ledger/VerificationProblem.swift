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

    /// The problem on one line: `location: message`, with every line break the text holds (a stored value
    /// quoted in the message, say: LF, CRLF, CR, NEL, LS…) shown as ⏎, as quote problems show them.
    public var description: String {
        let line = "\(location): \(message)"
        guard line.contains(where: \.isNewline) else { return line }
        return String(line.map { $0.isNewline ? "⏎" : $0 })
    }
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
