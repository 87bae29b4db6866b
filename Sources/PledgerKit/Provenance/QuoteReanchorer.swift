/// Finds the quotes anchored in one version of a source again in its next version.
///
/// For each anchor, in this order:
///
/// 1. **unchanged** — the new text has the same `exact`, `prefix` and `suffix` at the same offsets;
/// 2. **exact** — occurrences of `exact` anywhere in the new text;
/// 3. **tolerant** — occurrences after ``TolerantFolding`` (quotation marks, dashes, ellipses, whitespace);
/// 4. **approximate** — matches with at most a third of the quote's length in edits, found with
///    ``ApproximateMatcher`` (Myers' bit-parallel algorithm, any quote length).
///
/// Every candidate of steps 2–4 is scored as in Hypothesis' anchoring: a weighted mean of the quote's similarity
/// (1 − errors / length), the prefix's and the suffix's similarity to the new text around the candidate
/// (1 − Levenshtein distance / length), and its closeness to where the quote is expected to be — its old offset
/// carried across the unchanged head and tail of the text. The weights are ``quoteWeight``, ``prefixWeight``,
/// ``suffixWeight`` and ``positionWeight``. The best candidate of the first step that has one scoring at least
/// ``minimumScore`` wins; when no step has, the quote is **orphaned** and keeps pointing at the old version.
public struct QuoteReanchorer: Sendable {
    /// Weight of the quote's own similarity.
    public static let quoteWeight = 50.0
    /// Weight of the prefix's similarity.
    public static let prefixWeight = 20.0
    /// Weight of the suffix's similarity.
    public static let suffixWeight = 20.0
    /// Weight of the position's closeness to the expected one.
    public static let positionWeight = 2.0
    /// The lowest score (0…1) at which a quote is moved; below it the quote is orphaned.
    public static let minimumScore = 0.75
    /// The most edits an approximate match may have, as a fraction of the quote's length.
    public static let maximumErrorRate = 1.0 / 3.0
    /// How many approximate candidates (fewest errors first) are scored.
    static let maximumApproximateCandidates = 32

    /// The version the anchors point into.
    public let oldText: CanonicalText
    /// The version they are moved to.
    public let newText: CanonicalText
    private let foldedNew: TolerantFolding
    private let commonPrefix: Int
    private let commonSuffix: Int

    /// The outcome for one anchor.
    public struct Result: Sendable, Hashable {
        /// How the quote was found, or `.orphaned`.
        public var method: ReanchorMethod
        /// The score of the chosen place (0…1), or of the best place rejected when orphaned (0 if none).
        public var score: Double
        /// The anchor in the new text; `nil` when orphaned.
        public var anchor: QuoteAnchor?
    }

    /// Prepares re-anchoring from `oldText` to `newText`.
    public init(oldText: CanonicalText, newText: CanonicalText) {
        self.oldText = oldText
        self.newText = newText
        self.foldedNew = TolerantFolding(newText.scalars)
        let old = oldText.scalars
        let new = newText.scalars
        let shorter = min(old.count, new.count)
        var prefix = 0
        while prefix < shorter, old[prefix] == new[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < shorter - prefix, old[old.count - 1 - suffix] == new[new.count - 1 - suffix] { suffix += 1 }
        self.commonPrefix = prefix
        self.commonSuffix = suffix
    }

    /// Finds `anchor` (made against ``oldText``) in ``newText``.
    public func reanchor(_ anchor: QuoteAnchor) -> Result {
        let range = anchor.range
        if range.upperBound <= newText.scalarCount, newText.isGraphemeBoundary(atScalarOffset: range.lowerBound),
            newText.isGraphemeBoundary(atScalarOffset: range.upperBound)
        {
            let same = QuoteAnchor(text: newText, range: range)
            if same.exact == anchor.exact, same.prefix == anchor.prefix, same.suffix == anchor.suffix {
                return Result(method: .unchanged, score: 1, anchor: same)
            }
        }
        let quote = Array(anchor.exact.unicodeScalars)
        guard !quote.isEmpty else { return Result(method: .orphaned, score: 0, anchor: nil) }
        let hint = expectedStart(of: anchor)
        var bestRejected = 0.0

        let exactRanges = ScalarSearch.occurrences(of: quote, in: newText.scalars).map { $0..<($0 + quote.count) }
        if let found = best(of: exactRanges.map { ($0, 0) }, quoteLength: quote.count, anchor: anchor, hint: hint) {
            if found.score >= Self.minimumScore { return Result(method: .exact, score: found.score, anchor: found.anchor) }
            bestRejected = max(bestRejected, found.score)
        }

        let foldedQuote = TolerantFolding(quote).scalars
        let tolerantRanges = ScalarSearch.occurrences(of: foldedQuote, in: foldedNew.scalars).map {
            foldedNew.sourceRange(ofFolded: $0..<($0 + foldedQuote.count))
        }
        if let found = best(of: tolerantRanges.map { ($0, 0) }, quoteLength: quote.count, anchor: anchor, hint: hint) {
            if found.score >= Self.minimumScore { return Result(method: .tolerant, score: found.score, anchor: found.anchor) }
            bestRejected = max(bestRejected, found.score)
        }

        let maxErrors = max(1, Int(Double(quote.count) * Self.maximumErrorRate))
        let approximate = ApproximateMatcher(pattern: quote).matches(in: newText.scalars, maxErrors: maxErrors)
            .sorted { $0.errors != $1.errors ? $0.errors < $1.errors : $0.range.lowerBound < $1.range.lowerBound }
            .prefix(Self.maximumApproximateCandidates)
        if let found = best(
            of: approximate.map { ($0.range, $0.errors) }, quoteLength: quote.count, anchor: anchor, hint: hint)
        {
            if found.score >= Self.minimumScore {
                return Result(method: .approximate, score: found.score, anchor: found.anchor)
            }
            bestRejected = max(bestRejected, found.score)
        }
        return Result(method: .orphaned, score: Self.rounded(bestRejected), anchor: nil)
    }

    /// The best-scoring candidate, its range widened to grapheme boundaries — and to word boundaries where
    /// the quote began or ended at one in the old text, so that a quote of whole words never moves onto part
    /// of a word ("cut taxes" onto "ra|ise taxes"); each scalar added counts as an edit. Ties go to the
    /// earlier candidate.
    private func best(of candidates: [(Range<Int>, Int)], quoteLength: Int, anchor: QuoteAnchor, hint: Int)
        -> (score: Double, anchor: QuoteAnchor)?
    {
        let old = oldText.scalars
        let new = newText.scalars
        let startsWord = !Self.isInsideWord(old, at: anchor.start)
        let endsWord = !Self.isInsideWord(old, at: anchor.end)
        var best: (score: Double, anchor: QuoteAnchor)?
        for (range, found) in candidates {
            var lower = range.lowerBound
            var upper = range.upperBound
            if startsWord {
                while Self.isInsideWord(new, at: lower) { lower -= 1 }
            }
            if endsWord {
                while Self.isInsideWord(new, at: upper) { upper += 1 }
            }
            let errors = found + (range.lowerBound - lower) + (upper - range.upperBound)
            while lower > 0, !newText.isGraphemeBoundary(atScalarOffset: lower) { lower -= 1 }
            while upper < newText.scalarCount, !newText.isGraphemeBoundary(atScalarOffset: upper) { upper += 1 }
            guard upper > lower else { continue }
            let candidate = QuoteAnchor(text: newText, range: lower..<upper)
            let score = score(candidate, errors: errors, quoteLength: quoteLength, against: anchor, hint: hint)
            if best.map({ score > $0.score }) ?? true {
                best = (score, candidate)
            }
        }
        return best
    }

    /// The weighted score of `candidate` as a new place for `anchor`, rounded to four decimals.
    func score(_ candidate: QuoteAnchor, errors: Int, quoteLength: Int, against anchor: QuoteAnchor, hint: Int)
        -> Double
    {
        let quoteScore = max(0, 1 - Double(errors) / Double(max(quoteLength, 1)))
        let prefixScore = TextSimilarity.similarity(anchor.prefix, candidate.prefix)
        let suffixScore = TextSimilarity.similarity(anchor.suffix, candidate.suffix)
        let distance = abs(candidate.start - hint)
        let positionScore = max(0, 1 - Double(distance) / Double(max(newText.scalarCount, 1)))
        let total = Self.quoteWeight * quoteScore + Self.prefixWeight * prefixScore + Self.suffixWeight * suffixScore
            + Self.positionWeight * positionScore
        let maximum = Self.quoteWeight + Self.prefixWeight + Self.suffixWeight + Self.positionWeight
        return Self.rounded(total / maximum)
    }

    /// Where the quote should start in the new text if it did not move relative to its surroundings: its old
    /// offset when it lies in the unchanged head, shifted by the change in length when it lies in the unchanged
    /// tail, and scaled in proportion inside the changed middle.
    func expectedStart(of anchor: QuoteAnchor) -> Int {
        let oldCount = oldText.scalarCount
        let newCount = newText.scalarCount
        if anchor.start < commonPrefix { return anchor.start }
        if anchor.start >= oldCount - commonSuffix { return anchor.start + newCount - oldCount }
        let oldMiddle = max(oldCount - commonPrefix - commonSuffix, 1)
        let newMiddle = newCount - commonPrefix - commonSuffix
        return commonPrefix + (anchor.start - commonPrefix) * newMiddle / oldMiddle
    }

    /// Whether `offset` falls between two letters or digits of one word of `scalars`. Chinese and Japanese
    /// characters (East Asian wide) are words of their own: those scripts put no spaces between words.
    static func isInsideWord(_ scalars: [Unicode.Scalar], at offset: Int) -> Bool {
        func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
            (scalar.properties.isAlphabetic || scalar.properties.numericType == .decimal) && !TerminalWidth.isWide(scalar)
        }
        return offset > 0 && offset < scalars.count && isWordScalar(scalars[offset - 1]) && isWordScalar(scalars[offset])
    }

    /// `value` rounded to four decimals, as recorded in entries.
    static func rounded(_ value: Double) -> Double {
        (value * 10_000).rounded() / 10_000
    }
}
