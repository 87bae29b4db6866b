/// A scalar sequence folded for tolerant quote comparison, with a map back to the unfolded source.
///
/// Folding makes these equal, and nothing else (letter case is never folded):
///
/// - **Double quotes**: `"` U+0022, `“` U+201C, `”` U+201D, `„` U+201E, `‟` U+201F, `«` U+00AB, `»` U+00BB,
///   `″` U+2033 (double prime) all fold to `"`.
/// - **Single quotes and apostrophes**: `'` U+0027, `‘` U+2018, `’` U+2019, `‚` U+201A, `‛` U+201B,
///   `‹` U+2039, `›` U+203A, `′` U+2032 (prime) all fold to `'`.
/// - **Whitespace**: any run of scalars with the Unicode White_Space property (space, tab, LF, NBSP U+00A0,
///   U+2007, U+202F, U+2028, …) folds to one space.
/// - **Dashes**: any run of hyphen-minus `-`, U+2010 hyphen, U+2011 non-breaking hyphen, U+2012 figure dash,
///   U+2013 en dash, U+2014 em dash, U+2015 horizontal bar and U+2212 minus sign folds to one `-`; so `--`,
///   `—` and `–` are all equal.
/// - **Ellipses**: `...` (three full stops) and `…` U+2026 fold to `…`.
///
/// Every source scalar belongs to exactly one folded scalar and folded scalars cover the source in order, so a
/// range of folded scalars maps back to one contiguous range of source scalars.
struct TolerantFolding {
    /// The folded scalars.
    let scalars: [Unicode.Scalar]
    /// `sourceStarts[i]` is the source offset of the first scalar folded into `scalars[i]`; one extra element at
    /// the end holds the source's length.
    let sourceStarts: [Int]

    /// Folds `source`.
    init(_ source: [Unicode.Scalar]) {
        var folded: [Unicode.Scalar] = []
        var starts: [Int] = []
        folded.reserveCapacity(source.count)
        starts.reserveCapacity(source.count + 1)
        var index = 0
        let count = source.count
        while index < count {
            let scalar = source[index]
            starts.append(index)
            if Self.isPlainLetterOrDigit(scalar) {
                folded.append(scalar)
                index += 1
            } else if Self.isWhitespace(scalar) {
                folded.append(" ")
                index += 1
                while index < count, Self.isWhitespace(source[index]) { index += 1 }
            } else if Self.isDash(scalar) {
                folded.append("-")
                index += 1
                while index < count, Self.isDash(source[index]) { index += 1 }
            } else if scalar == ".", index + 2 < count, source[index + 1] == ".", source[index + 2] == "." {
                folded.append("…")
                index += 3
            } else {
                folded.append(Self.foldedQuote(scalar) ?? scalar)
                index += 1
            }
        }
        starts.append(count)
        self.scalars = folded
        self.sourceStarts = starts
    }

    /// The source range that the folded range `range` came from.
    func sourceRange(ofFolded range: Range<Int>) -> Range<Int> {
        sourceStarts[range.lowerBound]..<sourceStarts[range.upperBound]
    }

    /// Whether `scalar` is an ASCII letter or digit, which folds to itself (the common case, checked first).
    static func isPlainLetterOrDigit(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: true
        default: false
        }
    }

    /// Whether `scalar` has the Unicode White_Space property.
    static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09...0x0D, 0x20: true
        case 0..<0x80: false
        default: scalar.properties.isWhitespace
        }
    }

    /// Whether `scalar` is one of the dashes that fold to `-`.
    static func isDash(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x2D, 0x2010...0x2015, 0x2212: true
        default: false
        }
    }

    /// The straight quote a quotation mark folds to, or `nil` if `scalar` is not one.
    static func foldedQuote(_ scalar: Unicode.Scalar) -> Unicode.Scalar? {
        switch scalar.value {
        case 0x22, 0x201C, 0x201D, 0x201E, 0x201F, 0xAB, 0xBB, 0x2033: "\""
        case 0x27, 0x2018, 0x2019, 0x201A, 0x201B, 0x2039, 0x203A, 0x2032: "'"
        default: nil
        }
    }
}

/// Substring search over scalar arrays (Knuth–Morris–Pratt: linear in text plus pattern, whatever the input).
enum ScalarSearch {
    /// The start offset of every occurrence of `pattern` in `text`, overlapping ones included, in order.
    /// An empty pattern has no occurrences.
    static func occurrences(of pattern: [Unicode.Scalar], in text: [Unicode.Scalar]) -> [Int] {
        let patternCount = pattern.count
        guard patternCount > 0, patternCount <= text.count else { return [] }
        // failure[i]: length of the longest proper border of pattern[0...i].
        var failure = [Int](repeating: 0, count: patternCount)
        var border = 0
        for index in 1..<patternCount {
            while border > 0, pattern[index] != pattern[border] { border = failure[border - 1] }
            if pattern[index] == pattern[border] { border += 1 }
            failure[index] = border
        }
        var result: [Int] = []
        var matched = 0
        for (index, scalar) in text.enumerated() {
            while matched > 0, scalar != pattern[matched] { matched = failure[matched - 1] }
            if scalar == pattern[matched] { matched += 1 }
            if matched == patternCount {
                result.append(index + 1 - patternCount)
                matched = failure[matched - 1]
            }
        }
        return result
    }
}
