import CLibXML2

/// Extracts the readable text of an HTML document with libxml2's HTML parser — a real parser, so tags,
/// comments, CDATA and entities are handled as a browser would, never by pattern matching.
///
/// - Boilerplate is dropped with everything inside it: `script`, `style`, `nav`, `header`, `footer`, `aside`,
///   `noscript`, `template`, `iframe`, `svg`, `head`, and any element with a `hidden` attribute.
/// - Block elements (`p`, `div`, `li`, `h1`…`h6`, `blockquote`, `tr`, …) are separated by a blank line, `br`
///   by a line break, table cells by a space.
/// - Outside `pre`, each run of HTML whitespace (space, tab, line feed, form feed, carriage return) becomes one
///   space, as a browser renders it. A no-break space (`&nbsp;`, U+00A0) is not HTML whitespace and is kept as
///   U+00A0; the tolerant quote matcher treats it as a space.
/// - Entities and character references are decoded by the parser.
///
/// The result is plain text that ``CanonicalText`` then canonicalizes; quotes anchor into that text.
public enum HTMLTextExtractor {
    /// Elements dropped with their content.
    static let droppedElements: Set<String> = [
        "script", "style", "nav", "header", "footer", "aside", "noscript", "template", "iframe", "svg", "head",
        "object", "embed", "canvas", "select", "button",
    ]
    /// Elements that start and end a paragraph.
    static let blockElements: Set<String> = [
        "address", "article", "blockquote", "body", "caption", "center", "dd", "details", "dialog", "div", "dl",
        "dt", "fieldset", "figcaption", "figure", "form", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "html", "li",
        "main", "menu", "ol", "p", "pre", "section", "summary", "table", "tbody", "tfoot", "thead", "tr", "ul",
    ]
    /// Elements separated from their neighbours by a space.
    static let cellElements: Set<String> = ["td", "th"]

    /// The readable text of `bytes`.
    ///
    /// The encoding is the one the document declares (`<meta charset>`, or the HTTP-equivalent meta tag); a
    /// document that declares none is read as UTF-8.
    /// - Throws: ``SourceTextError/binary(byteOffset:)`` for a NUL byte and ``SourceTextError/empty`` when the
    ///   document holds no readable text.
    public static func text(fromHTML bytes: [UInt8]) throws(SourceTextError) -> String {
        if let nul = bytes.firstIndex(of: 0) {
            throw .binary(byteOffset: nul)
        }
        guard !bytes.isEmpty, bytes.count <= Int(Int32.max) else { throw .empty }
        let options = Int32(
            HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
                | HTML_PARSE_NONET.rawValue)
        let encoding: String? = declaresCharset(bytes) ? nil : "UTF-8"
        let document = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress.flatMap { base in
                base.withMemoryRebound(to: CChar.self, capacity: buffer.count) { pointer in
                    if let encoding {
                        return encoding.withCString { htmlReadMemory(pointer, Int32(buffer.count), nil, $0, options) }
                    }
                    return htmlReadMemory(pointer, Int32(buffer.count), nil, nil, options)
                }
            }
        }
        guard let document else { throw .empty }
        defer { xmlFreeDoc(document) }
        guard let root = xmlDocGetRootElement(document) else { throw .empty }
        var builder = TextBuilder()
        walk(root, into: &builder)
        let text = builder.finished()
        guard text.unicodeScalars.contains(where: { !$0.properties.isWhitespace }) else { throw .empty }
        return text
    }

    /// Whether the bytes look like HTML rather than plain text: after optional whitespace and byte order mark,
    /// they start with `<!doctype html`, `<html`, `<head` or `<body` (any letter case), possibly after comments.
    public static func looksLikeHTML(_ bytes: [UInt8]) -> Bool {
        var start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        let head = Array(bytes[start..<min(bytes.count, start + 4096)]).map { (0x41...0x5A).contains($0) ? $0 | 0x20 : $0 }
        start = 0
        while true {
            while start < head.count, [0x20, 0x09, 0x0A, 0x0D, 0x0C].contains(head[start]) { start += 1 }
            let rest = head[start...]
            if rest.starts(with: Array("<!--".utf8)) {
                // Searched as bytes: the file is not known to be UTF-8 yet, and a decoded string's offsets
                // would not be the bytes' (each invalid byte decodes to three).
                guard let close = rest.firstRange(of: Array("-->".utf8)) else { return false }
                start = close.upperBound
                continue
            }
            return ["<!doctype html", "<html", "<head", "<body"].contains { rest.starts(with: Array($0.utf8)) }
        }
    }

    /// Whether a `charset` is declared near the start of the document.
    private static func declaresCharset(_ bytes: [UInt8]) -> Bool {
        let head = String(decoding: bytes.prefix(2048), as: UTF8.self).lowercased()
        return head.contains("charset=") || head.contains("charset =")
    }

    /// Visits the tree depth first without recursion, so that deeply nested markup cannot exhaust the stack.
    private static func walk(_ root: xmlNodePtr, into builder: inout TextBuilder) {
        enum Step {
            case enter(xmlNodePtr, preformatted: Bool)
            case leave(String, preformatted: Bool)
        }
        var stack: [Step] = [.enter(root, preformatted: false)]
        while let step = stack.popLast() {
            switch step {
            case .leave(let name, _):
                if blockElements.contains(name) { builder.breakLine(blank: true) }
                if cellElements.contains(name) { builder.space() }
            case .enter(let node, let preformatted):
                switch node.pointee.type {
                case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                    if let content = node.pointee.content {
                        builder.append(String(cString: content), preformatted: preformatted)
                    }
                case XML_ELEMENT_NODE:
                    let name = node.pointee.name.map { String(cString: $0).lowercased() } ?? ""
                    if droppedElements.contains(name) || xmlHasProp(node, "hidden") != nil { continue }
                    if name == "br" {
                        builder.breakLine(blank: false)
                        continue
                    }
                    if blockElements.contains(name) { builder.breakLine(blank: true) }
                    if cellElements.contains(name) { builder.space() }
                    let inner = preformatted || name == "pre" || name == "textarea"
                    stack.append(.leave(name, preformatted: preformatted))
                    var children: [xmlNodePtr] = []
                    var child = node.pointee.children
                    while let current = child {
                        children.append(current)
                        child = current.pointee.next
                    }
                    for child in children.reversed() {
                        stack.append(.enter(child, preformatted: inner))
                    }
                default:
                    continue
                }
            }
        }
    }
}

/// Accumulates extracted text, collapsing whitespace and merging breaks.
private struct TextBuilder {
    private var output = String.UnicodeScalarView()
    /// 0: none; 1: a line break; 2: a blank line.
    private var pendingBreak = 0
    private var pendingSpace = false

    mutating func breakLine(blank: Bool) {
        pendingBreak = max(pendingBreak, blank ? 2 : 1)
        pendingSpace = false
    }

    mutating func space() {
        if pendingBreak == 0 { pendingSpace = true }
    }

    mutating func append(_ text: String, preformatted: Bool) {
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n" where preformatted, "\r" where preformatted:
                pendingBreak = max(pendingBreak, 1)
                pendingSpace = false
            case " ", "\t", "\n", "\r", "\u{0C}":
                if preformatted {
                    flush()
                    output.append(scalar == "\t" ? "\t" : " ")
                } else if pendingBreak == 0 {
                    pendingSpace = true
                }
            default:
                flush()
                output.append(scalar)
            }
        }
    }

    private mutating func flush() {
        if !output.isEmpty {
            if pendingBreak == 2 {
                output.append(contentsOf: "\n\n".unicodeScalars)
            } else if pendingBreak == 1 {
                output.append("\n")
            } else if pendingSpace {
                output.append(" ")
            }
        }
        pendingBreak = 0
        pendingSpace = false
    }

    /// The text, ending with one line feed.
    func finished() -> String {
        String(output) + "\n"
    }
}
