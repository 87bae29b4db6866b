/// How counts are worded in reports and messages, the same everywhere.
public enum Wording {
    /// `1 day`, `2 days`, `1 entry`, `2 entries`: `count` with its noun, plural unless the count is one.
    ///
    /// - Parameters:
    ///   - singular: the noun for one.
    ///   - plural: the noun for any other count; defaults to `singular` with an `s`, or an `S` when
    ///     `singular` ends in a capital letter.
    public static func count(_ count: Int, _ singular: String, plural: String? = nil) -> String {
        guard count != 1 else { return "\(count) \(singular)" }
        let suffix = singular.last?.isUppercase == true ? "S" : "s"
        return "\(count) \(plural ?? singular + suffix)"
    }

    /// `1 entry`, `2 entries`: a count of ledger entries.
    public static func entries(_ count: Int) -> String {
        Self.count(count, "entry", plural: "entries")
    }
}
