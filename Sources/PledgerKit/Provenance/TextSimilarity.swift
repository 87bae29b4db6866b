/// How alike two short texts are, by edit distance: what re-anchoring compares a quote's context with, and
/// what suggests the actor a mistyped slug meant.
enum TextSimilarity {
    /// 1 − Levenshtein distance / the longer length; two empty strings are fully similar.
    static func similarity(_ first: String, _ second: String) -> Double {
        let a = Array(first.unicodeScalars)
        let b = Array(second.unicodeScalars)
        let longer = max(a.count, b.count)
        guard longer > 0 else { return 1 }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            current[0] = i
            for j in stride(from: 1, through: b.count, by: 1) {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(substitution, previous[j] + 1, current[j - 1] + 1)
            }
            swap(&previous, &current)
        }
        return 1 - Double(previous[b.count]) / Double(longer)
    }
}
