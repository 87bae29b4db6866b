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
