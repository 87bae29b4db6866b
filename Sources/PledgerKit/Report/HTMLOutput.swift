/// HTML being built: raw markup, and text that is escaped on the way in.
struct HTMLOutput {
    var text: ReportBuffer

    /// Creates output that appends to `buffer`.
    init(into buffer: consuming ReportBuffer = ReportBuffer(reservingChunk: true)) {
        text = buffer
    }

    /// Appends markup written by the renderer itself, as a literal: appended from where the compiler put its
    /// bytes, without a string's checks — a report appends tens of millions of pieces of markup.
    @inline(__always)
    mutating func raw(_ markup: StaticString) {
        text.append(markup)
    }

    /// Appends markup the renderer made itself at run time, such as a status's badge.
    @inline(__always)
    mutating func raw(made markup: String) {
        text.append(contentsOf: markup)
    }

    /// Appends a number, date or ref, which need no escaping.
    mutating func raw(_ number: Int) {
        text.append(number)
    }

    mutating func raw(_ date: CalendarDate) {
        text.append(date)
    }

    mutating func raw<Kind: RefKind>(_ ref: Ref<Kind>) {
        text.append(ref)
    }

    /// Appends ledger text as element content (see ``ReportBuffer/appendHTMLText(_:)``).
    mutating func text(_ value: String) {
        text.appendHTMLText(value)
    }

    /// Appends ledger text escaped only, not isolated: inside an attribute value, where markup would become
    /// part of the value, and for the parts of a passage that is isolated as a whole (a quote with its
    /// context), which must keep one direction across their boundaries.
    mutating func escaped(_ value: String) {
        text.appendHTMLEscaped(value)
    }
}

extension ReportBuffer {
    /// Appends ledger text as HTML element content: escaped (`&`, `<`, `>`, `"`, `'`), and isolated in
    /// `<bdi>` when ``Bidi/needsIsolation(_:)`` — so that neither an Arabic name nor an override a source
    /// leaves open reorders the report's own words after it. Text in a left-to-right script alone is written
    /// as it is.
    mutating func appendHTMLText(_ value: String) {
        guard Bidi.needsIsolation(value) else {
            appendHTMLEscaped(value)
            return
        }
        append("<bdi>")
        appendHTMLEscaped(value)
        append("</bdi>")
    }

    /// Appends `value` escaped for HTML element content and for double- or single-quoted attribute values:
    /// `&`, `<`, `>`, `"` and `'` become character references.
    mutating func appendHTMLEscaped(_ value: String) {
        append(value, escaping: Self.isHTMLSpecial, marks: Self.htmlSpecials) { byte, out in
            switch byte {
            case UInt8(ascii: "&"): out.append("&amp;")
            case UInt8(ascii: "<"): out.append("&lt;")
            case UInt8(ascii: ">"): out.append("&gt;")
            case UInt8(ascii: "\""): out.append("&quot;")
            default: out.append("&#39;")
            }
        }
    }

    private static func isHTMLSpecial(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "&") || byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">")
            || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'")
    }

    /// ``isHTMLSpecial(_:)`` eight bytes at a time.
    private static func htmlSpecials(_ word: UInt64) -> UInt64 {
        ByteWords.equal(word, UInt8(ascii: "&")) | ByteWords.equal(word, UInt8(ascii: "<"))
            | ByteWords.equal(word, UInt8(ascii: ">")) | ByteWords.equal(word, UInt8(ascii: "\""))
            | ByteWords.equal(word, UInt8(ascii: "'"))
    }
}

extension ReportBuffer {
    /// Appends the element id of `ref` (`e12`): its prefix, an ASCII capital, in lower case.
    mutating func appendAnchor<Kind: RefKind>(_ ref: Ref<Kind>) {
        let letter = Kind.prefixASCII
        append(byte: (0x41...0x5A).contains(letter) ? letter | 0x20 : letter)
        append(ref.number)
    }
}
