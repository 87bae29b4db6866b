import Foundation

/// A quote as a W3C Web Annotation (Web Annotation Data Model, JSON-LD serialization), so that annotation tools
/// can show it on its source.
///
/// The target is the source (its URL when one is recorded, otherwise a `ni:` content IRI of the canonical text)
/// with a `TextQuoteSelector` (`exact`, `prefix`, `suffix`) and a `TextPositionSelector` (`start`, `end` in
/// code points of the canonical text). The bodies are `TextualBody` values describing the commitment or the
/// evidence.
public struct WebAnnotation: Sendable, Hashable, Encodable {
    /// The JSON-LD context of the Web Annotation vocabulary.
    public static let context = "http://www.w3.org/ns/anno.jsonld"

    /// The annotation's IRI.
    public var id: String
    /// Why it was made: `describing` for a commitment's words, `assessing` for evidence.
    public var motivation: String
    /// When the quote was recorded (ISO 8601).
    public var created: String
    /// Who recorded it.
    public var creator: Creator
    /// What is said about the quoted words.
    public var body: [TextualBody]
    /// The quoted words in their source.
    public var target: Target

    /// Who made an annotation.
    public struct Creator: Sendable, Hashable, Encodable {
        /// The agent's class.
        public var type = "Person"
        /// The author recorded in the ledger.
        public var name: String
    }

    /// A plain-text body.
    public struct TextualBody: Sendable, Hashable, Encodable {
        /// Always `TextualBody`.
        public var type = "TextualBody"
        /// The text.
        public var value: String
        /// Always `text/plain`.
        public var format = "text/plain"
        /// `describing`, `assessing`, `tagging`, `identifying` or `commenting`.
        public var purpose: String

        /// Creates a body.
        public init(value: String, purpose: String) {
            self.value = value
            self.purpose = purpose
        }
    }

    /// The source and where in it the words are.
    public struct Target: Sendable, Hashable, Encodable {
        /// Always `SpecificResource`.
        public var type = "SpecificResource"
        /// The source's IRI.
        public var source: String
        /// A `TextQuoteSelector` and a `TextPositionSelector`.
        public var selector: [Selector]
    }

    /// A W3C selector.
    public enum Selector: Sendable, Hashable, Encodable {
        /// `TextQuoteSelector`: the words with their context.
        case textQuote(exact: String, prefix: String, suffix: String)
        /// `TextPositionSelector`: code point offsets, half-open.
        case textPosition(start: Int, end: Int)

        private enum CodingKeys: String, CodingKey {
            case type, exact, prefix, suffix, start, end
        }

        /// Encodes the selector with its `type`.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            switch self {
            case .textQuote(let exact, let prefix, let suffix):
                try container.encode("TextQuoteSelector", forKey: .type)
                try container.encode(exact, forKey: .exact)
                try container.encode(prefix, forKey: .prefix)
                try container.encode(suffix, forKey: .suffix)
            case .textPosition(let start, let end):
                try container.encode("TextPositionSelector", forKey: .type)
                try container.encode(start, forKey: .start)
                try container.encode(end, forKey: .end)
            }
        }
    }

    private enum CodingKeys: String, CodingKey {
        case context = "@context"
        case id, type, motivation, created, creator, body, target
    }

    /// Encodes the annotation with its `@context` and `type`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(Self.context, forKey: .context)
        try container.encode(id, forKey: .id)
        try container.encode("Annotation", forKey: .type)
        try container.encode(motivation, forKey: .motivation)
        try container.encode(created, forKey: .created)
        try container.encode(creator, forKey: .creator)
        try container.encode(body, forKey: .body)
        try container.encode(target, forKey: .target)
    }

    /// The selectors of an anchor.
    static func selectors(of anchor: QuoteAnchor) -> [Selector] {
        [
            .textQuote(exact: anchor.exact, prefix: anchor.prefix, suffix: anchor.suffix),
            .textPosition(start: anchor.start, end: anchor.end),
        ]
    }

    /// The RFC 6920 `ni:` IRI of a text with this SHA-256.
    static func contentIRI(_ hash: SHA256Hash) -> String {
        let base64 = Data(hash.bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
        return "ni:///sha-256;" + base64
    }
}

/// All of a ledger's quotes as one W3C `AnnotationCollection` whose first (and only) page holds them.
public struct WebAnnotationCollection: Sendable, Hashable, Encodable {
    /// The collection's IRI.
    public var id: String
    /// A label naming the ledger state.
    public var label: String
    /// The annotations.
    public var items: [WebAnnotation]

    private enum CodingKeys: String, CodingKey {
        case context = "@context"
        case id, type, label, total, first
    }

    private enum PageKeys: String, CodingKey {
        case type, items, startIndex
    }

    /// Encodes the collection with its embedded first page.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(WebAnnotation.context, forKey: .context)
        try container.encode(id, forKey: .id)
        try container.encode("AnnotationCollection", forKey: .type)
        try container.encode(label, forKey: .label)
        try container.encode(items.count, forKey: .total)
        var page = container.nestedContainer(keyedBy: PageKeys.self, forKey: .first)
        try page.encode("AnnotationPage", forKey: .type)
        try page.encode(0, forKey: .startIndex)
        try page.encode(items, forKey: .items)
    }
}
