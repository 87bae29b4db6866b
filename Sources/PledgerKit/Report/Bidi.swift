/// Which ledger text a report isolates from its own words: text that can change the direction of what
/// surrounds it. The HTML report wraps such text in `<bdi>`, the Markdown report between U+2068 (first strong
/// isolate) and U+2069 (pop directional isolate), so that neither an Arabic name nor an override a source
/// leaves open reorders the citation, slug or figures after it. Left-to-right text is written as it is.
enum Bidi {
    /// U+2068 FIRST STRONG ISOLATE, which opens an isolate taking the direction of its first strong letter.
    static let firstStrongIsolate = "\u{2068}"
    /// U+2069 POP DIRECTIONAL ISOLATE, which closes it, and every embedding or override opened inside it.
    static let popDirectionalIsolate = "\u{2069}"

    /// Whether `text` holds a right-to-left letter or mark (Hebrew, Arabic, Syriac, Thaana, N'Ko and their
    /// neighbours, with their presentation forms) or a directional formatting character (see
    /// ``TerminalSafety/isDirectionalFormatting(_:)``).
    static func needsIsolation(_ text: String) -> Bool {
        // Scalars are decoded only when a byte sequence that can start one of them turns up: most ledger
        // text is Latin, often with typographic punctuation, and a report checks a million pieces of it.
        let hasCandidate = text.withUTF8Bytes { utf8 in
            var index = ByteWords.firstIndex(in: utf8, from: 0, marks: { $0 & 0x8080_8080_8080_8080 }, isMarked: { $0 >= 0x80 })
            while index < utf8.count {
                if mayStartRightToLeftOrDirectional(utf8, at: index) { return true }
                index += 1
            }
            return false
        }
        return hasCandidate && text.unicodeScalars.contains(where: isRightToLeftOrDirectional)
    }

    /// U+2066 LEFT-TO-RIGHT ISOLATE, which opens a left-to-right isolate.
    static let leftToRightIsolate = "\u{2066}"
    /// U+2067 RIGHT-TO-LEFT ISOLATE, which opens a right-to-left isolate.
    static let rightToLeftIsolate = "\u{2067}"

    /// The direction a quote that ``needsIsolation(_:)-(ComplianceReport.CitedQuote)`` is laid out in: that of
    /// the first strong letter of its exact words, else of its context; `nil` when it has no strong letter.
    ///
    /// The words decide, not the context before them: an English sentence quoted from a Hebrew article reads
    /// left to right, and an Arabic one quoted from an English article right to left, whatever their context
    /// starts with — which is what "first strong" on the whole passage would follow.
    static func direction(of quote: ComplianceReport.CitedQuote) -> Direction? {
        for part in [quote.exact, quote.prefix, quote.suffix] {
            if let direction = firstStrongDirection(part) { return direction }
        }
        return nil
    }

    /// A direction of text.
    enum Direction {
        case leftToRight, rightToLeft

        /// The value of an HTML `dir` attribute for it.
        var htmlValue: String { self == .leftToRight ? "ltr" : "rtl" }
    }

    /// The direction of the first letter or directional mark in `text`: right to left for a letter of the
    /// scripts ``isRightToLeftOrDirectional(_:)`` names and for U+200F, left to right for any other letter and
    /// for U+200E. Digits (Arabic-Indic ones too), vowel points, punctuation and spaces have none.
    static func firstStrongDirection(_ text: String) -> Direction? {
        for scalar in text.unicodeScalars {
            if scalar == "\u{200F}" { return .rightToLeft }
            if scalar == "\u{200E}" { return .leftToRight }
            guard scalar.properties.isAlphabetic, !scalar.properties.isDiacritic else { continue }
            return rightToLeft.contains { $0.contains(scalar.value) } ? .rightToLeft : .leftToRight
        }
        return nil
    }

    /// Whether any part of `quote` — its context or its words — ``needsIsolation(_:)``: a quote is isolated
    /// whole, since isolated part by part, a right-to-left quote would read suffix first.
    static func needsIsolation(_ quote: ComplianceReport.CitedQuote) -> Bool {
        needsIsolation(quote.prefix) || needsIsolation(quote.exact) || needsIsolation(quote.suffix)
    }

    /// Whether `scalar` is a right-to-left letter or mark, or a directional formatting character.
    static func isRightToLeftOrDirectional(_ scalar: Unicode.Scalar) -> Bool {
        TerminalSafety.isDirectionalFormatting(scalar) || rightToLeft.contains { $0.contains(scalar.value) }
    }

    /// The blocks of right-to-left scripts, and the right-to-left mark.
    private static let rightToLeft: [ClosedRange<UInt32>] = [
        0x0590...0x08FF, 0x200F...0x200F, 0xFB1D...0xFDFF, 0xFE70...0xFEFE, 0x10800...0x10FFF, 0x1E800...0x1EFFF,
    ]

    /// Whether the UTF-8 sequence at `index` may encode a scalar ``isRightToLeftOrDirectional(_:)`` accepts,
    /// judged by its first bytes: D6–DF (U+0580–U+07FF), E0 A0–A3 (U+0800–U+08FF), E2 80 8F (U+200F),
    /// E2 80 AA–AE and E2 81 A6–A9 (the directional formatting characters), EF AC–BB (U+FB00–U+FEFF),
    /// F0 90 and F0 9E (U+10000–U+13FFF, U+1E000–U+1EFFF).
    private static func mayStartRightToLeftOrDirectional(_ utf8: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        let second = index + 1 < utf8.count ? utf8[index + 1] : 0
        switch utf8[index] {
        case 0xD6...0xDF: return true
        case 0xE0: return (0xA0...0xA3).contains(second)
        case 0xE2:
            // Only U+200F (E2 80 8F) and the directional formatting characters, as the terminal scans know them;
            // not the typographic quotes and dashes.
            let isRightToLeftMark = second == 0x80 && index + 2 < utf8.count && utf8[index + 2] == 0x8F
            return isRightToLeftMark || TerminalSafety.unsafeLength(utf8, at: index) > 0
        case 0xEF: return (0xAC...0xBB).contains(second)
        case 0xF0: return second == 0x90 || second == 0x9E
        default: return false
        }
    }
}
