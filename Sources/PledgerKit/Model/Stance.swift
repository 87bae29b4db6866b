/// How a piece of evidence bears on a commitment.
public enum Stance: String, Sendable, Codable, CaseIterable {
    /// The evidence shows the promise being kept.
    case supports
    /// The evidence shows the promise not being kept.
    case contradicts
    /// Background that bears on the promise without showing either.
    case context
}
