/// What kind of document a source's bytes are, which decides how its canonical text is made.
public enum SourceMediaType: String, Sendable, Hashable, Codable, CaseIterable {
    /// UTF-8 plain text, canonicalized as it is.
    case plainText = "text/plain"
    /// HTML: the readable text is extracted with ``HTMLTextExtractor`` and then canonicalized.
    case html = "text/html"

    /// The type for a file named `fileName`: HTML for `.html` and `.htm`, otherwise decided by the content
    /// (``HTMLTextExtractor/looksLikeHTML(_:)``).
    public static func detect(fileName: String?, bytes: [UInt8]) -> SourceMediaType {
        if let fileName {
            let lower = fileName.lowercased()
            if lower.hasSuffix(".html") || lower.hasSuffix(".htm") { return .html }
        }
        return HTMLTextExtractor.looksLikeHTML(bytes) ? .html : .plainText
    }

    /// The canonical text of `bytes` read as this type.
    public func canonicalText(of bytes: [UInt8]) throws(SourceTextError) -> CanonicalText {
        switch self {
        case .plainText:
            return try CanonicalText(decoding: bytes)
        case .html:
            return try CanonicalText(decoding: Array(try HTMLTextExtractor.text(fromHTML: bytes).utf8))
        }
    }

    /// The value recorded in entries: absent for plain text, `text/html` for HTML.
    var recorded: String? {
        self == .plainText ? nil : rawValue
    }
}
