/// Where a quote sits in one canonical text, compatible with the W3C Web Annotation
/// `TextPositionSelector` + `TextQuoteSelector` pair.
///
/// `start` and `end` are a half-open range of **Unicode scalar offsets** into a ``CanonicalText``. `exact` holds
/// the text's own characters there (curly quotes and all, whatever the user typed); `prefix` and `suffix` hold up
/// to ``contextLength`` scalars on either side, shortened so that they never split a grapheme cluster. The hash
/// ties the anchor to the exact text it was made against.
///
/// Serialized as `{start, end, exact, prefix, suffix, textSHA256}`.
public struct QuoteAnchor: Sendable, Hashable {
    /// The most scalars kept in ``prefix`` and in ``suffix``.
    public static let contextLength = 32

    /// The scalar offset where the quote starts.
    public let start: Int
    /// The scalar offset just past the quote's end.
    public let end: Int
    /// The quoted characters, as they are in the text.
    public let exact: String
    /// Up to ``contextLength`` scalars of text right before the quote.
    public let prefix: String
    /// Up to ``contextLength`` scalars of text right after the quote.
    public let suffix: String
    /// The SHA-256 of the canonical text the anchor points into.
    public let textSHA256: SHA256Hash

    /// Creates an anchor from its stored parts, as read back from storage. Nothing is checked here;
    /// use ``check(against:)`` to compare it with a text.
    public init(start: Int, end: Int, exact: String, prefix: String, suffix: String, textSHA256: SHA256Hash) {
        self.start = start
        self.end = end
        self.exact = exact
        self.prefix = prefix
        self.suffix = suffix
        self.textSHA256 = textSHA256
    }

    /// Anchors the scalar range `range` of `text`, taking `exact`, `prefix` and `suffix` from the text.
    ///
    /// The range is clamped to the text. The caller is responsible for choosing a range whose ends are grapheme
    /// boundaries (``QuoteLocator`` only produces such ranges); the prefix and suffix are cut at grapheme
    /// boundaries in any case, so they may hold fewer than ``contextLength`` scalars.
    public init(text: CanonicalText, range: Range<Int>) {
        let count = text.scalarCount
        let lower = min(max(range.lowerBound, 0), count)
        let upper = min(max(range.upperBound, lower), count)
        var prefixStart = max(0, lower - Self.contextLength)
        while prefixStart < lower, !text.isGraphemeBoundary(atScalarOffset: prefixStart) { prefixStart += 1 }
        var suffixEnd = min(count, upper + Self.contextLength)
        while suffixEnd > upper, !text.isGraphemeBoundary(atScalarOffset: suffixEnd) { suffixEnd -= 1 }
        self.init(
            start: lower, end: upper, exact: text.slice(lower..<upper), prefix: text.slice(prefixStart..<lower),
            suffix: text.slice(upper..<suffixEnd), textSHA256: text.sha256)
    }

    /// The anchored scalar range, `start..<end` (empty if the stored end is before the start).
    public var range: Range<Int> { start..<max(start, end) }

    /// Compares the anchor with `text` and returns everything that does not agree (empty when all is well):
    /// a different text hash, a range outside the text or splitting a grapheme cluster, and `exact`, `prefix` or
    /// `suffix` differing from the text's characters at the anchored place. Strings are compared scalar by
    /// scalar, not by canonical equivalence.
    public func check(against text: CanonicalText) -> [AnchorProblem] {
        var problems: [AnchorProblem] = []
        if text.sha256 != textSHA256 {
            problems.append(.textHashMismatch(recorded: textSHA256, actual: text.sha256))
        }
        guard start >= 0, start <= end, end <= text.scalarCount else {
            problems.append(.rangeOutOfBounds(start: start, end: end, textLength: text.scalarCount))
            return problems
        }
        for offset in [start, end] where !text.isGraphemeBoundary(atScalarOffset: offset) {
            problems.append(.splitsGraphemeCluster(offset: offset))
        }
        let foundExact = text.slice(start..<end)
        if !foundExact.unicodeScalars.elementsEqual(exact.unicodeScalars) {
            problems.append(.exactMismatch(recorded: exact, found: foundExact))
        }
        let foundPrefix = text.slice((start - prefix.unicodeScalars.count)..<start)
        if !foundPrefix.unicodeScalars.elementsEqual(prefix.unicodeScalars) {
            problems.append(.prefixMismatch(recorded: prefix, found: foundPrefix))
        }
        let foundSuffix = text.slice(end..<(end + suffix.unicodeScalars.count))
        if !foundSuffix.unicodeScalars.elementsEqual(suffix.unicodeScalars) {
            problems.append(.suffixMismatch(recorded: suffix, found: foundSuffix))
        }
        return problems
    }
}

// MARK: - Codable

extension QuoteAnchor: Codable {
    private enum CodingKeys: String, CodingKey {
        case start, end, exact, prefix, suffix, textSHA256
    }

    /// Decodes `{start, end, exact, prefix, suffix, textSHA256}`; refuses a negative start or an end before
    /// the start.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let start = try container.decode(Int.self, forKey: .start)
        let end = try container.decode(Int.self, forKey: .end)
        guard start >= 0 else {
            throw DecodingError.dataCorruptedError(
                forKey: .start, in: container,
                debugDescription: "a quote anchor's start must not be negative, got \(start)")
        }
        guard end >= start else {
            throw DecodingError.dataCorruptedError(
                forKey: .end, in: container,
                debugDescription: "a quote anchor's end (\(end)) is before its start (\(start))")
        }
        self.init(
            start: start, end: end, exact: try container.decode(String.self, forKey: .exact),
            prefix: try container.decode(String.self, forKey: .prefix),
            suffix: try container.decode(String.self, forKey: .suffix),
            textSHA256: try container.decode(SHA256Hash.self, forKey: .textSHA256))
    }

    /// Encodes `{start, end, exact, prefix, suffix, textSHA256}`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(start, forKey: .start)
        try container.encode(end, forKey: .end)
        try container.encode(exact, forKey: .exact)
        try container.encode(prefix, forKey: .prefix)
        try container.encode(suffix, forKey: .suffix)
        try container.encode(textSHA256, forKey: .textSHA256)
    }
}

/// One way in which a ``QuoteAnchor`` disagrees with the text it is checked against.
public enum AnchorProblem: Sendable, Hashable, CustomStringConvertible {
    /// The text's SHA-256 is not the one the anchor was made against.
    case textHashMismatch(recorded: SHA256Hash, actual: SHA256Hash)
    /// `start..<end` is not a range inside the text (negative, reversed, or past the end).
    case rangeOutOfBounds(start: Int, end: Int, textLength: Int)
    /// The anchor starts or ends inside a grapheme cluster (user-perceived character) at `offset`.
    case splitsGraphemeCluster(offset: Int)
    /// The text at the anchored range is not the recorded `exact`.
    case exactMismatch(recorded: String, found: String)
    /// The text before the anchored range is not the recorded `prefix`.
    case prefixMismatch(recorded: String, found: String)
    /// The text after the anchored range is not the recorded `suffix`.
    case suffixMismatch(recorded: String, found: String)

    /// A one-line explanation.
    public var description: String {
        switch self {
        case .textHashMismatch(let recorded, let actual):
            "the text's SHA-256 is \(actual.hex) but the quote was anchored in a text with SHA-256 \(recorded.hex); "
                + "the text changed after the quote was anchored"
        case .rangeOutOfBounds(let start, let end, let length):
            "the anchored range \(start)..<\(end) is not inside the text, which has \(length) code points"
        case .splitsGraphemeCluster(let offset):
            "the anchor cuts a character in two at code point offset \(offset)"
        case .exactMismatch(let recorded, let found):
            "the quote reads \(Self.shown(recorded)) but the text there reads \(Self.shown(found))"
        case .prefixMismatch(let recorded, let found):
            "the text before the quote reads \(Self.shown(found)) but the anchor records \(Self.shown(recorded))"
        case .suffixMismatch(let recorded, let found):
            "the text after the quote reads \(Self.shown(found)) but the anchor records \(Self.shown(recorded))"
        }
    }

    /// `text` in brackets on one line, shortened when long.
    private static func shown(_ text: String) -> String {
        var flat = String(String.UnicodeScalarView(text.unicodeScalars.map { $0 == "\n" ? "⏎" : $0 }))
        if flat.count > 80 {
            flat = String(flat.prefix(77)) + "…"
        }
        return "⟨" + flat + "⟩"
    }
}
