/// A quote anchored in one version of one source: where the words are, and what they are.
/// Serialized flat: `{source, version, start, end, exact, prefix, suffix, textSHA256}`.
public struct AnchoredQuote: Hashable, Sendable {
    /// The source the words come from.
    public var source: SourceRef
    /// The version of that source whose canonical text the anchor points into.
    public var version: Int
    /// The position and the words themselves, with the text's hash.
    public var anchor: QuoteAnchor

    /// Creates an anchored quote.
    public init(source: SourceRef, version: Int, anchor: QuoteAnchor) {
        self.source = source
        self.version = version
        self.anchor = anchor
    }
}

// MARK: - Codable

extension AnchoredQuote: Codable {
    private enum CodingKeys: String, CodingKey {
        case source, version
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        source = try container.decode(SourceRef.self, forKey: .source)
        version = try container.decode(Int.self, forKey: .version)
        anchor = try QuoteAnchor(from: decoder)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(source, forKey: .source)
        try container.encode(version, forKey: .version)
        try anchor.encode(to: encoder)
    }
}
