/// How many terminal columns text takes: two for East Asian wide and fullwidth characters (Chinese, Japanese,
/// Korean, most emoji), none for a combining mark, one for everything else. What aligns a table's columns
/// and cuts a cell to fit, when a name or summary is written in Chinese.
///
/// The ranges approximate Unicode's East Asian Width property (UAX #11, `W` and `F`) by its large blocks:
/// the emoji blocks count as wide throughout, though a few of their symbols are narrow, and zero-width
/// characters such as U+200B count as one column. A character (grapheme cluster) is as wide as its widest
/// scalar.
public enum TerminalWidth {
    /// The columns `text` takes on a terminal.
    public static func columns(of text: String) -> Int {
        // Most ledger text is ASCII: a byte a column.
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return text.utf8.count }
        return text.reduce(0) { $0 + columns(of: $1) }
    }

    /// The columns that valid UTF-8 `bytes` take (see ``columns(of:)-swift.type.method``), a byte a column
    /// when they are ASCII, as most ledger text is.
    static func columns(ofUTF8 bytes: UnsafeBufferPointer<UInt8>) -> Int {
        if bytes.allSatisfy({ $0 < 0x80 }) { return bytes.count }
        return columns(of: String(decoding: bytes, as: UTF8.self))
    }

    /// The columns one character takes: 2 when any of its scalars is wide, else 1.
    public static func columns(of character: Character) -> Int {
        character.unicodeScalars.contains(where: isWide) ? 2 : 1
    }

    /// `text` cut to at most `limit` columns, with an ellipsis (one column) when cut.
    public static func clipped(_ text: String, to limit: Int) -> String {
        guard columns(of: text) > limit else { return text }
        var kept = ""
        var used = 0
        for character in text {
            let width = columns(of: character)
            guard used + width <= limit - 1 else { break }
            kept.append(character)
            used += width
        }
        return kept + "…"
    }

    /// Whether `scalar` is East Asian wide or fullwidth.
    static func isWide(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        // Below the first wide range after Hangul Jamo lie Latin, Greek, Cyrillic and general punctuation
        // (typographic quotes and dashes): the common non-ASCII text, answered without a search.
        guard value >= 0x1100, value <= 0x115F || value >= 0x231A else { return false }
        return wideRanges.contains { $0.contains(value) }
    }

    private static let wideRanges: [ClosedRange<UInt32>] = [
        0x1100...0x115F,  // Hangul Jamo initial consonants
        0x231A...0x231B, 0x2329...0x232A, 0x23E9...0x23EC, 0x23F0...0x23F0, 0x23F3...0x23F3,
        0x25FD...0x25FE, 0x2614...0x2615, 0x2648...0x2653, 0x267F...0x267F, 0x2693...0x2693,
        0x26A1...0x26A1, 0x26AA...0x26AB, 0x26BD...0x26BE, 0x26C4...0x26C5, 0x26CE...0x26CE,
        0x26D4...0x26D4, 0x26EA...0x26EA, 0x26F2...0x26F3, 0x26F5...0x26F5, 0x26FA...0x26FA,
        0x26FD...0x26FD, 0x2705...0x2705, 0x270A...0x270B, 0x2728...0x2728, 0x274C...0x274C,
        0x274E...0x274E, 0x2753...0x2755, 0x2757...0x2757, 0x2795...0x2797, 0x27B0...0x27B0,
        0x27BF...0x27BF, 0x2B1B...0x2B1C, 0x2B50...0x2B50, 0x2B55...0x2B55,
        0x2E80...0x303E,  // CJK radicals, Kangxi, ideographic description, CJK symbols and punctuation
        0x3041...0x33FF,  // Hiragana, Katakana, Bopomofo, Hangul compatibility Jamo, CJK compatibility
        0x3400...0x4DBF,  // CJK Extension A
        0x4E00...0x9FFF,  // CJK Unified Ideographs
        0xA000...0xA4CF,  // Yi
        0xA960...0xA97F,  // Hangul Jamo Extended-A
        0xAC00...0xD7A3,  // Hangul syllables
        0xF900...0xFAFF,  // CJK compatibility ideographs
        0xFE10...0xFE19, 0xFE30...0xFE6F,  // vertical forms, CJK compatibility forms, small forms
        0xFF00...0xFF60, 0xFFE0...0xFFE6,  // fullwidth forms
        0x16FE0...0x16FE4, 0x17000...0x18CFF, 0x1B000...0x1B2FF,  // Tangut, Khitan, Kana supplements
        0x1F004...0x1F004, 0x1F0CF...0x1F0CF, 0x1F18E...0x1F18E, 0x1F191...0x1F19A, 0x1F200...0x1F251,
        0x1F300...0x1F64F, 0x1F680...0x1F6FF, 0x1F900...0x1F9FF, 0x1FA70...0x1FAFF,  // emoji
        0x20000...0x2FFFD, 0x30000...0x3FFFD,  // CJK Extensions B and later
    ]
}
