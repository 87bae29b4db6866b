/// HTML being built: raw markup, and text that is escaped on the way in.
struct HTMLOutput {
    var text = ReportBuffer(reservingChunk: true)

    /// Appends markup written by the renderer itself.
    mutating func raw(_ markup: String) {
        text.append(markup)
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

    /// Appends ledger text as element content: escaped (`&`, `<`, `>`, `"`, `'`), and isolated in `<bdi>`
    /// when it holds right-to-left letters or directional formatting characters — so that neither an Arabic
    /// name nor an override a source leaves open reorders the report's own words after it (a quote's
    /// citation, its hash). Text in a left-to-right script alone is written as it is.
    mutating func text(_ value: String) {
        guard Self.needsIsolation(value) else {
            text.appendHTMLEscaped(value)
            return
        }
        text.append("<bdi>")
        text.appendHTMLEscaped(value)
        text.append("</bdi>")
    }

    /// Appends ledger text inside a double- or single-quoted attribute value, escaped; attribute values are
    /// not laid out among the report's words, so they need no isolating.
    mutating func attribute(_ value: String) {
        text.appendHTMLEscaped(value)
    }

    /// Whether `value` holds a scalar that can change the direction of the text around it: a right-to-left
    /// letter (Hebrew, Arabic, Syriac, Thaana and their neighbours, with their presentation forms) or mark,
    /// or a directional formatting character (see ``TerminalSafety/isDirectionalFormatting(_:)``).
    static func needsIsolation(_ value: String) -> Bool {
        var value = value
        let isASCII = value.withUTF8 { utf8 in
            ByteWords.firstIndex(in: utf8, from: 0, marks: { $0 & 0x8080_8080_8080_8080 }, isMarked: { $0 >= 0x80 })
                == utf8.count
        }
        return !isASCII && value.unicodeScalars.contains { scalar in
            TerminalSafety.isDirectionalFormatting(scalar) || rightToLeft.contains { $0.contains(scalar.value) }
        }
    }

    /// The blocks of right-to-left scripts, and the right-to-left mark.
    private static let rightToLeft: [ClosedRange<UInt32>] = [
        0x0590...0x08FF, 0x200F...0x200F, 0xFB1D...0xFDFF, 0xFE70...0xFEFF, 0x10800...0x10FFF, 0x1E800...0x1EFFF,
    ]
}

extension ReportBuffer {
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
        for byte in Kind.prefix.utf8 {
            append(byte: (0x41...0x5A).contains(byte) ? byte | 0x20 : byte)
        }
        append(ref.number)
    }
}
