/// Finds a quote that a user typed in a ``CanonicalText`` and anchors it.
///
/// The typed quote is put into canonical form (CRLF and CR become LF, then NFC) and trimmed of surrounding
/// whitespace. It is then searched for scalar by scalar; only if that finds nothing is it searched for
/// tolerantly, treating straight and typographic quotes, runs of whitespace (NBSP and newlines included),
/// dashes and `--`, and `…` and `...` as equal (see `TolerantFolding` for the exact list). Letter case always
/// has to match. A hit that would start or end inside a grapheme cluster (an emoji sequence, a flag, a letter
/// with a combining mark) is never used.
///
/// Exact search is linear in the text's length (Knuth–Morris–Pratt), so locating a quote in a text of several
/// megabytes is fast. Only when nothing is found does the locator look for the closest passages, which costs
/// time proportional to the text's words times the quote's words.
public struct QuoteLocator: Sendable {
    /// The text quotes are looked for in.
    public let text: CanonicalText

    /// The lowest similarity (Dice coefficient of word trigrams, 0…1) for a passage to be suggested.
    /// Unrelated passages that merely share a few common trigrams score below it.
    static let minimumSuggestionScore = 0.5
    /// A passage is only suggested if it scores at least this fraction of the best passage's score, so that a
    /// close match is not followed by weak ones.
    static let relativeSuggestionScore = 0.75
    /// The most passages suggested when a quote is not found.
    static let maximumSuggestions = 3

    /// A locator for quotes in `text`.
    public init(text: CanonicalText) {
        self.text = text
    }

    /// Finds `typed` in the text and returns its anchor, whose `exact` holds the text's own characters.
    ///
    /// - Parameters:
    ///   - typed: The quote as the user typed it.
    ///   - occurrence: Which hit to anchor, counting from 1 in text order, when the quote occurs more than once.
    ///     `nil` means the quote must occur exactly once.
    /// - Throws: ``QuoteLocatorError/emptyQuote`` for a blank quote; ``QuoteLocatorError/notFound(quote:closest:)``
    ///   with up to three similar passages when there is no hit;
    ///   ``QuoteLocatorError/ambiguous(quote:hits:)`` when there are several hits and no `occurrence`;
    ///   ``QuoteLocatorError/occurrenceOutOfRange(requested:available:)`` when `occurrence` is not between 1 and
    ///   the number of hits.
    public func locate(_ typed: String, occurrence: Int? = nil) throws(QuoteLocatorError) -> QuoteAnchor {
        let needle = Self.preparedQuote(typed)
        guard !needle.isEmpty else { throw .emptyQuote }
        let quote = String(String.UnicodeScalarView(needle))
        let hits = hits(of: needle)
        guard !hits.isEmpty else {
            throw .notFound(quote: quote, closest: closestPassages(to: needle))
        }
        if let occurrence {
            guard occurrence >= 1, occurrence <= hits.count else {
                throw .occurrenceOutOfRange(requested: occurrence, available: hits.count)
            }
            return QuoteAnchor(text: text, range: hits[occurrence - 1])
        }
        guard hits.count == 1 else {
            throw .ambiguous(quote: quote, hits: hits.map { QuotePassage(text: text, range: $0) })
        }
        return QuoteAnchor(text: text, range: hits[0])
    }

    // MARK: Searching

    /// The typed quote in canonical form, without surrounding whitespace.
    static func preparedQuote(_ typed: String) -> [Unicode.Scalar] {
        let scalars = Array(CanonicalText.canonicalForm(of: typed).unicodeScalars)
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return [] }
        return Array(scalars[first...last])
    }

    /// Every range where `needle` occurs, overlapping ones included, exactly if it occurs exactly anywhere,
    /// otherwise tolerantly; ranges splitting a grapheme cluster are left out. Overlapping hits count: "ha ha"
    /// occurs twice in "ha ha ha", so it is ambiguous there, and either can be chosen by occurrence.
    func hits(of needle: [Unicode.Scalar]) -> [Range<Int>] {
        let exact = ScalarSearch.occurrences(of: needle, in: text.scalars).map { $0..<($0 + needle.count) }
        let exactHits = usable(exact)
        guard exactHits.isEmpty else { return exactHits }

        let foldedText = TolerantFolding(text.scalars)
        let foldedNeedle = TolerantFolding(needle).scalars
        let tolerant = ScalarSearch.occurrences(of: foldedNeedle, in: foldedText.scalars).map {
            foldedText.sourceRange(ofFolded: $0..<($0 + foldedNeedle.count))
        }
        return usable(tolerant)
    }

    /// The ranges that start and end on grapheme boundaries, without repeats (two tolerant hits can map to
    /// the same source range).
    private func usable(_ ranges: [Range<Int>]) -> [Range<Int>] {
        var result: [Range<Int>] = []
        for range in ranges where result.last != range {
            guard text.isGraphemeBoundary(atScalarOffset: range.lowerBound),
                text.isGraphemeBoundary(atScalarOffset: range.upperBound)
            else { continue }
            result.append(range)
        }
        return result
    }

    // MARK: Suggestions

    /// Up to three passages of the text most like `quote`, best first, that do not overlap.
    ///
    /// Candidate windows hold as many words as the quote (or one fewer or more) and start at a word; each is
    /// scored by the Dice coefficient of the case-folded trigrams of its words and the quote's words (each word
    /// padded with a space on either side). Windows scoring below ``minimumSuggestionScore``, or below
    /// ``relativeSuggestionScore`` times the best score, are not suggested.
    func closestPassages(to quote: [Unicode.Scalar]) -> [QuotePassage] {
        let quoteWords = Self.words(in: quote)
        guard !quoteWords.isEmpty else { return [] }
        var slotOfTrigram: [UInt64: Int] = [:]
        var quoteCounts: [Int] = []
        var quoteTotal = 0
        for word in quoteWords {
            Self.forEachTrigram(of: quote[word]) { trigram in
                let slot = slotOfTrigram[trigram] ?? quoteCounts.count
                if slot == quoteCounts.count {
                    slotOfTrigram[trigram] = slot
                    quoteCounts.append(0)
                }
                quoteCounts[slot] += 1
                quoteTotal += 1
            }
        }

        let scalars = text.scalars
        let textWords = Self.words(in: scalars)
        guard !textWords.isEmpty else { return [] }
        // For each text word, the quote slot of each of its trigrams (-1: not in the quote).
        var wordSlots: [Int] = []
        var wordSlotEnds: [Int] = []
        wordSlotEnds.reserveCapacity(textWords.count)
        for word in textWords {
            Self.forEachTrigram(of: scalars[word]) { trigram in wordSlots.append(slotOfTrigram[trigram] ?? -1) }
            wordSlotEnds.append(wordSlots.count)
        }

        let wordCount = textWords.count
        var bestScore = [Double](repeating: 0, count: wordCount)
        var bestLast = [Int](repeating: 0, count: wordCount)
        let quoteWordCount = quoteWords.count
        for size in [quoteWordCount, quoteWordCount - 1, quoteWordCount + 1] where size >= 1 && size <= wordCount {
            var windowCounts = [Int](repeating: 0, count: quoteCounts.count)
            var overlap = 0
            var windowTotal = 0
            func add(_ word: Int) {
                for slot in wordSlots[(word == 0 ? 0 : wordSlotEnds[word - 1])..<wordSlotEnds[word]] {
                    windowTotal += 1
                    guard slot >= 0 else { continue }
                    if windowCounts[slot] < quoteCounts[slot] { overlap += 1 }
                    windowCounts[slot] += 1
                }
            }
            func remove(_ word: Int) {
                for slot in wordSlots[(word == 0 ? 0 : wordSlotEnds[word - 1])..<wordSlotEnds[word]] {
                    windowTotal -= 1
                    guard slot >= 0 else { continue }
                    windowCounts[slot] -= 1
                    if windowCounts[slot] < quoteCounts[slot] { overlap -= 1 }
                }
            }
            for word in 0..<size { add(word) }
            for first in 0...(wordCount - size) {
                if first > 0 {
                    remove(first - 1)
                    add(first + size - 1)
                }
                let score = Double(2 * overlap) / Double(max(quoteTotal + windowTotal, 1))
                if score > bestScore[first] {
                    bestScore[first] = score
                    bestLast[first] = first + size - 1
                }
            }
        }

        let topScore = bestScore.max() ?? 0
        let threshold = max(Self.minimumSuggestionScore, topScore * Self.relativeSuggestionScore)
        let candidates = bestScore.indices
            .filter { bestScore[$0] >= threshold }
            .sorted { bestScore[$0] != bestScore[$1] ? bestScore[$0] > bestScore[$1] : $0 < $1 }
        var chosen: [Range<Int>] = []
        for first in candidates {
            let range = textWords[first].lowerBound..<textWords[bestLast[first]].upperBound
            guard !chosen.contains(where: { $0.overlaps(range) }) else { continue }
            chosen.append(range)
            if chosen.count == Self.maximumSuggestions { break }
        }
        return chosen.map { QuotePassage(text: text, range: $0) }
    }

    /// The ranges of the maximal runs of letters, digits and marks in `scalars`.
    static func words(in scalars: [Unicode.Scalar]) -> [Range<Int>] {
        var result: [Range<Int>] = []
        var wordStart: Int?
        for (offset, scalar) in scalars.enumerated() {
            if isWordScalar(scalar) {
                if wordStart == nil { wordStart = offset }
            } else if let start = wordStart {
                result.append(start..<offset)
                wordStart = nil
            }
        }
        if let start = wordStart {
            result.append(start..<scalars.count)
        }
        return result
    }

    /// Whether `scalar` is part of a word: a letter, a digit or a combining mark.
    private static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: return true
        case 0..<0x80: return false
        default:
            let properties = scalar.properties
            if properties.isAlphabetic || properties.numericType != nil { return true }
            switch properties.generalCategory {
            case .nonspacingMark, .spacingMark, .enclosingMark: return true
            default: return false
            }
        }
    }

    /// Calls `body` with each trigram of the lower-cased word padded with a space on either side.
    private static func forEachTrigram(of word: ArraySlice<Unicode.Scalar>, _ body: (UInt64) -> Void) {
        var padded: [UInt32] = [0x20]
        for scalar in word {
            switch scalar.value {
            case 0x41...0x5A: padded.append(scalar.value + 0x20)
            case 0..<0x80: padded.append(scalar.value)
            default:
                if scalar.properties.changesWhenLowercased {
                    padded.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars.map(\.value))
                } else {
                    padded.append(scalar.value)
                }
            }
        }
        padded.append(0x20)
        guard padded.count >= 3 else { return }
        for index in 0...(padded.count - 3) {
            body(UInt64(padded[index]) << 42 | UInt64(padded[index + 1]) << 21 | UInt64(padded[index + 2]))
        }
    }
}

/// A place in a text where a quote was found, or might have been meant, for showing to the user.
public struct QuotePassage: Sendable, Hashable {
    /// The scalar offset where the passage starts.
    public let start: Int
    /// The scalar offset just past the passage's end.
    public let end: Int
    /// The 1-based line number of the passage's start.
    public let line: Int
    /// The passage between `«` and `»` (or, when the text shown holds either, another pair: see
    /// ``PassageMarks``), with about 30 characters on either side, on one line: line breaks are shown as `⏎`,
    /// and `…` marks where the text was cut. The marks tell the passage from its context when the same words
    /// occur in both.
    public let context: String

    /// Creates a passage from its parts.
    public init(start: Int, end: Int, line: Int, context: String) {
        self.start = start
        self.end = end
        self.line = line
        self.context = context
    }

    /// The passage at `range` of `text`, with its line and context.
    init(text: CanonicalText, range: Range<Int>) {
        self.init(
            start: range.lowerBound, end: range.upperBound, line: text.lineNumber(atScalarOffset: range.lowerBound),
            context: Self.context(of: range, in: text))
    }

    /// About how many scalars of context are shown on either side.
    static let contextRadius = 30
    /// Passages longer than this are shown with their middle left out.
    static let longestShownPassage = 90

    /// The passage with context, on one line.
    static func context(of range: Range<Int>, in text: CanonicalText) -> String {
        let scalars = text.scalars
        let count = scalars.count
        let isSpace: (Int) -> Bool = { TolerantFolding.isWhitespace(scalars[$0]) }

        var lower = max(0, range.lowerBound - contextRadius)
        if lower > 0 {
            if let wordStart = (lower..<range.lowerBound).first(where: { isSpace($0 - 1) && !isSpace($0) }) {
                lower = wordStart
            }
            while lower < range.lowerBound, !text.isGraphemeBoundary(atScalarOffset: lower) { lower += 1 }
        }
        var upper = min(count, range.upperBound + contextRadius)
        if upper < count {
            if let wordEnd = (range.upperBound..<upper).reversed().first(where: {
                $0 > range.upperBound && isSpace($0) && !isSpace($0 - 1)
            }) {
                upper = wordEnd
            }
            while upper > range.upperBound, !text.isGraphemeBoundary(atScalarOffset: upper) { upper -= 1 }
        }

        let marks = PassageMarks.pair(avoiding: scalars[lower..<upper])
        var shown = String.UnicodeScalarView()
        if lower > 0 { shown.append("…") }
        append(scalars[lower..<range.lowerBound], to: &shown)
        shown.append(marks.open)
        if range.count > longestShownPassage {
            // Cut the middle out at word edges when there is one near, else at a grapheme boundary.
            let half = longestShownPassage / 2
            var headEnd = range.lowerBound + half
            if let wordEnd = ((range.lowerBound + half / 2)...headEnd).reversed().first(where: {
                isSpace($0) && !isSpace($0 - 1)
            }) {
                headEnd = wordEnd
            }
            while headEnd > range.lowerBound, !text.isGraphemeBoundary(atScalarOffset: headEnd) { headEnd -= 1 }
            var tailStart = range.upperBound - half
            if let wordStart = (tailStart...(range.upperBound - half / 2)).first(where: {
                isSpace($0 - 1) && !isSpace($0)
            }) {
                tailStart = wordStart
            }
            while tailStart < range.upperBound, !text.isGraphemeBoundary(atScalarOffset: tailStart) { tailStart += 1 }
            append(scalars[range.lowerBound..<headEnd], to: &shown)
            shown.append(contentsOf: " … ".unicodeScalars)
            append(scalars[tailStart..<range.upperBound], to: &shown)
        } else {
            append(scalars[range], to: &shown)
        }
        shown.append(marks.close)
        append(scalars[range.upperBound..<upper], to: &shown)
        if upper < count { shown.append("…") }
        return String(shown)
    }

    /// Appends `scalars` with each run of line breaks shown as one `⏎` and tabs as spaces.
    private static func append(_ scalars: ArraySlice<Unicode.Scalar>, to view: inout String.UnicodeScalarView) {
        for scalar in scalars {
            switch scalar {
            case "\n", "\u{2028}", "\u{2029}":
                if view.last != "⏎" { view.append("⏎") }
            case "\t":
                view.append(" ")
            default:
                view.append(scalar)
            }
        }
    }
}

/// Why ``QuoteLocator/locate(_:occurrence:)`` could not anchor a quote.
///
/// The locator does not know which source the text belongs to: ``description`` calls it "the source", and
/// ``description(sourceLabel:)`` lets the caller name it (e.g. `"S1"`). Both give a first line that says what is
/// wrong and what to do, then one indented line per passage.
public enum QuoteLocatorError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The quote is empty or only whitespace.
    case emptyQuote
    /// The quote occurs more than once and no occurrence was chosen; `hits` lists each, in text order.
    case ambiguous(quote: String, hits: [QuotePassage])
    /// The chosen occurrence is not between 1 and the number of hits, `available`.
    case occurrenceOutOfRange(requested: Int, available: Int)
    /// The quote does not occur in the text, even tolerantly; `closest` holds up to three similar passages,
    /// best first (possibly none).
    case notFound(quote: String, closest: [QuotePassage])

    /// How many hits of an ambiguous quote the message lists; a one-word quote can occur hundreds of times.
    static let listedHits = 10

    /// The message, calling the text "the source".
    public var description: String { description(sourceLabel: "the source") }

    /// The message, calling the text `sourceLabel` (such as `"S1"` or `"source S1"`).
    public func description(sourceLabel: String) -> String {
        switch self {
        case .emptyQuote:
            return "the quote is empty; pass the words to quote, as they appear in \(sourceLabel)"
        case .ambiguous(let quote, let hits):
            var lines = [
                "quote \(Self.shown(quote)) occurs \(hits.count) times in \(sourceLabel); "
                    + "pass --occurrence N to choose one:"
            ]
            for (index, hit) in hits.prefix(Self.listedHits).enumerated() {
                lines.append("  \(index + 1): line \(hit.line), code points \(hit.start)–\(hit.end): \(hit.context)")
            }
            if hits.count > Self.listedHits {
                lines.append(
                    "  …and \(hits.count - Self.listedHits) more; quote more of the passage to pick one out, "
                        + "or pass --occurrence N")
            }
            return lines.joined(separator: "\n")
        case .occurrenceOutOfRange(let requested, let available):
            if available == 1 {
                return "--occurrence \(requested) is out of range: the quote occurs only once in \(sourceLabel); "
                    + "leave out --occurrence"
            }
            return "--occurrence \(requested) is out of range: the quote occurs \(available) times in \(sourceLabel); "
                + "pass a number from 1 to \(available)"
        case .notFound(let quote, let closest):
            guard !closest.isEmpty else {
                return "quote \(Self.shown(quote)) was not found in \(sourceLabel), and no passage is close to it; "
                    + "quote marks, dashes and spacing may differ from the source, but the words and their letter "
                    + "case must match"
            }
            var lines = ["quote \(Self.shown(quote)) was not found in \(sourceLabel); did you mean:"]
            for passage in closest {
                lines.append("  line \(passage.line): \(passage.context)")
            }
            return lines.joined(separator: "\n")
        }
    }

    /// The quote in straight double quotes on one line, shortened when long.
    private static func shown(_ quote: String) -> String {
        var flat = String(String.UnicodeScalarView(quote.unicodeScalars.map { $0 == "\n" ? " " : $0 }))
        if flat.count > 60 {
            flat = String(flat.prefix(57)) + "…"
        }
        return "\"" + flat + "\""
    }
}
