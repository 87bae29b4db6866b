/// Text being built line by line, with word wrapping and terminal-safe characters.
struct TextOutput {
    let width: Int
    var text: ReportBuffer
    /// The paragraph being wrapped, kept to reuse its storage.
    private var paragraph = ReportBuffer()
    /// A rule across the width, made once: a report draws one above every commitment.
    private let ruleLine: String

    /// Creates output wrapped to `width` columns that appends to `buffer`.
    init(width: Int, into buffer: consuming ReportBuffer = ReportBuffer(reservingChunk: true)) {
        self.width = width
        text = buffer
        ruleLine = String(repeating: "─", count: max(0, width))
    }

    mutating func line(_ line: String) {
        line.withUTF8Bytes { text.appendTerminalSafe($0[...]) }
        text.append(byte: 0x0A)
    }

    /// Writes a line that `build` appends from the report's own words, digits and refs — never ledger text,
    /// which ``line(_:)`` or ``wrapped(indent:hanging:_:)`` makes terminal-safe — as it is, unwrapped.
    mutating func ownLine(_ build: (inout ReportBuffer) -> Void) {
        build(&text)
        text.append(byte: 0x0A)
    }

    mutating func blank() {
        text.append(byte: 0x0A)
    }

    mutating func rule() {
        text.append(contentsOf: ruleLine)
        text.append(byte: 0x0A)
    }

    /// Writes `paragraph` wrapped at the width: the first line indented by `indent`, the rest by `hanging`
    /// (which defaults to `indent`).
    mutating func wrapped(_ paragraph: String, indent: Int = 0, hanging: Int? = nil) {
        wrapped(indent: indent, hanging: hanging) { $0.append(contentsOf: paragraph) }
    }

    /// Writes the paragraph that `build` appends, wrapped at the width: the first line indented by `indent`,
    /// the rest by `hanging` (which defaults to `indent`). Widths are counted in terminal columns: a scalar
    /// is one, but an East Asian wide one (see ``TerminalWidth``) is two, and a line may break before or
    /// after it, since Chinese and Japanese put no spaces between words. Line breaks and tabs in the
    /// paragraph count as spaces; other control characters, and directional formatting characters, are
    /// shown as U+FFFD.
    mutating func wrapped(indent: Int = 0, hanging: Int? = nil, _ build: (inout ReportBuffer) -> Void) {
        var words = ReportBuffer()
        swap(&words, &paragraph)
        defer { swap(&words, &paragraph) }
        words.removeAll()
        build(&words)
        let hanging = hanging ?? indent
        text.append(spaces: indent)
        words.withBytes { bytes in
            if let copy = Self.runCopy(for: bytes) {
                appendRuns(bytes, column: indent, hanging: hanging, copy: copy)
            } else {
                appendWordByWord(bytes, column: indent, hanging: hanging)
            }
        }
        text.append(byte: 0x0A)
    }

    /// How the lines of a paragraph wrapped as runs of its bytes are copied (see ``runCopy(for:)``).
    enum RunCopy: Equatable {
        /// Byte for byte: the words are separated by single spaces.
        case verbatim
        /// With each line break or tab, which separates two words as a space does, written as a space.
        case breaksAsSpaces
    }

    /// Appends a paragraph that ``runCopy(for:)`` accepts, wrapped: its words are one separator apart, so
    /// each line is one run of its bytes, found by counting scalars to the width and stepping back to a
    /// separator.
    private mutating func appendRuns(
        _ bytes: UnsafeBufferPointer<UInt8>, column: Int, hanging: Int, copy: RunCopy
    ) {
        func append(_ line: Range<Int>) {
            if copy == .breaksAsSpaces {
                text.appendControlsAsSpaces(bytes[line])  // Its only control characters are breaks and tabs.
            } else {
                text.append(bytes[line])
            }
        }
        var start = 0
        var room = max(0, width - column)
        while true {
            // `end`: just past the first `room` scalars from `start`, or the end of the paragraph. Eight bytes
            // at a time while they hold no more scalars than there is room for, then byte by byte.
            var end = start
            var scalars = 0
            if let base = bytes.baseAddress {
                while end + 8 <= bytes.count {
                    let leads = 8 - ByteWords.count(ByteWords.continuation(ByteWords.load(base, at: end)))
                    guard scalars + leads <= room else { break }
                    scalars += leads
                    end += 8
                }
            }
            while end < bytes.count {
                if bytes[end] & 0xC0 != 0x80 {
                    if scalars == room { break }
                    scalars += 1
                }
                end += 1
            }
            guard end < bytes.count else {
                append(start..<bytes.count)
                return
            }
            var lineEnd = end
            if !Self.isSpace(bytes[end]) {
                // Back to the separator before the word that does not fit; a first word longer than the room
                // stays whole on its line.
                while lineEnd > start, !Self.isSpace(bytes[lineEnd]) { lineEnd -= 1 }
                if lineEnd == start {
                    lineEnd = end
                    while lineEnd < bytes.count, !Self.isSpace(bytes[lineEnd]) { lineEnd += 1 }
                    guard lineEnd < bytes.count else {
                        append(start..<bytes.count)
                        return
                    }
                }
            }
            append(start..<lineEnd)
            text.append(byte: 0x0A)
            text.append(spaces: hanging)
            start = lineEnd + 1
            room = max(0, width - hanging)
        }
    }

    /// Appends any paragraph, wrapped word by word: runs of spaces, line breaks and tabs separate words, and
    /// control characters are made safe. An East Asian wide scalar is a word of its own, two columns wide,
    /// joined to its neighbours without a space when none stood between them.
    private mutating func appendWordByWord(_ bytes: UnsafeBufferPointer<UInt8>, column: Int, hanging: Int) {
        let width = width
        var column = column
        var lineHasWord = false
        // Words that follow each other on one line, one space apart and free of control characters, are
        // copied as one run rather than word by word.
        var run = 0..<0
        var index = 0
        // Whether the word at `index` continues the one before it, with no separator between them.
        var joined = false
        while index < bytes.count {
            if Self.isSpace(bytes[index]) {
                index += 1
                joined = false
                continue
            }
            var end = index
            var length = 0
            var hasControl = false
            if let wide = Self.wideScalarLength(bytes, at: index) {
                end += wide
                length = 2
            } else {
                while end < bytes.count, !Self.isSpace(bytes[end]), Self.wideScalarLength(bytes, at: end) == nil {
                    let byte = bytes[end]
                    if byte & 0xC0 != 0x80 { length += 1 }
                    if TerminalSafety.mayStartUnsafe(byte), TerminalSafety.unsafeLength(bytes, at: end) > 0 { hasControl = true }
                    end += 1
                }
            }
            let gap = joined ? 0 : 1
            if lineHasWord, column + gap + length > width {
                text.append(bytes[run])
                run = 0..<0
                text.append(byte: 0x0A)
                text.append(spaces: hanging)
                column = hanging
                lineHasWord = false
            }
            if lineHasWord, !hasControl, !run.isEmpty,
                joined ? run.upperBound == index : run.upperBound + 1 == index && bytes[run.upperBound] == 0x20
            {
                run = run.lowerBound..<end
                column += gap + length
            } else {
                text.append(bytes[run])
                run = 0..<0
                if lineHasWord, !joined {
                    text.append(byte: 0x20)
                    column += 1
                }
                if hasControl {
                    text.appendTerminalSafe(bytes[index..<end])
                } else {
                    run = index..<end
                }
                column += length
            }
            lineHasWord = true
            joined = true
            index = end
        }
        text.append(bytes[run])
    }

    /// The length in bytes of the scalar at `index` when it is East Asian wide (see ``TerminalWidth``), else
    /// `nil`. Only three- and four-byte sequences can be; `bytes` is valid UTF-8.
    static func wideScalarLength(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Int? {
        let lead = bytes[index]
        guard lead >= 0xE0 else { return nil }
        let length = lead >= 0xF0 ? 4 : 3
        guard index + length <= bytes.count else { return nil }
        var value = UInt32(lead & (length == 4 ? 0x07 : 0x0F))
        for offset in 1..<length {
            value = value << 6 | UInt32(bytes[index + offset] & 0x3F)
        }
        guard let scalar = Unicode.Scalar(value), TerminalWidth.isWide(scalar) else { return nil }
        return length
    }

    /// How a paragraph can be wrapped as runs of its bytes, or `nil` when it must be wrapped word by word:
    /// it must not be empty, must neither start nor end with a separator (a space, line break or tab), must
    /// have no two separators in a row, no control character (C0, DEL or C1) but those, no directional
    /// formatting character — nothing the word-by-word wrapping would collapse or replace but a single
    /// separator — and no East Asian wide character, which takes two columns and may end a line. Checked
    /// eight bytes at a time.
    static func runCopy(for bytes: UnsafeBufferPointer<UInt8>) -> RunCopy? {
        guard let base = bytes.baseAddress, let first = bytes.first, let last = bytes.last,
            !isSpace(first), !isSpace(last)
        else { return nil }
        var index = 0
        var previousWasSeparator = false
        var hasBreaks = false
        while index + 8 <= bytes.count {
            let word = ByteWords.load(base, at: index)
            if ByteWords.isPrintableASCII(word) {
                // Most words of prose: only a second space in a row can disqualify them.
                let spaces = ByteWords.equal(word, 0x20)
                if spaces & (spaces >> 8) != 0 || (previousWasSeparator && spaces & 0x80 != 0) { return nil }
                previousWasSeparator = spaces >> 63 != 0
                index += 8
                continue
            }
            let breaks = ByteWords.equal(word, 0x0A) | ByteWords.equal(word, 0x0D) | ByteWords.equal(word, 0x09)
            let separators = ByteWords.equal(word, 0x20) | breaks
            let controls = (ByteWords.below0x20(word) & ~breaks) | ByteWords.equal(word, 0x7F)
            // Two separators in a row: within the word (little-endian: byte i is bits 8i…), or across words.
            if controls != 0 || separators & (separators >> 8) != 0
                || (previousWasSeparator && separators & 0x80 != 0)
            {
                return nil
            }
            // Only a word with a C2 or a lead of a longer sequence needs a closer look: most hold neither.
            let c1Leads = ByteWords.equal(word, 0xC2)
            if c1Leads != 0, hasC1(bytes, at: index, marked: c1Leads) { return nil }
            let longLeads = ByteWords.longSequenceLead(word)
            if longLeads != 0, hasWideOrDirectional(bytes, at: index, marked: longLeads) { return nil }
            hasBreaks = hasBreaks || breaks != 0
            previousWasSeparator = separators >> 63 != 0
            index += 8
        }
        while index < bytes.count {
            let byte = bytes[index]
            let isSeparator = isSpace(byte)
            if (byte < 0x20 && !isSeparator) || byte == 0x7F || (isSeparator && previousWasSeparator) { return nil }
            if byte == 0xC2, hasC1(bytes, at: index, marked: 0x80) { return nil }
            if byte >= 0xE0, hasWideOrDirectional(bytes, at: index, marked: 0x80) { return nil }
            hasBreaks = hasBreaks || (isSeparator && byte != 0x20)
            previousWasSeparator = isSeparator
            index += 1
        }
        return hasBreaks ? .breaksAsSpaces : .verbatim
    }

    /// Whether an East Asian wide scalar or a directional formatting character (see ``TerminalSafety``)
    /// starts at a byte `marked` marks — the high bit of byte `i` of the mask standing for `bytes[start + i]`,
    /// as a ``ByteWords`` test returns — each a lead byte of a three- or four-byte sequence. Only the marked
    /// bytes are looked at.
    private static func hasWideOrDirectional(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int, marked: UInt64) -> Bool {
        ByteWords.containsMarked(marked, from: start) { index in
            // E2 80 xx is general punctuation (U+2000–U+203F): typographic quotes, dashes and the ellipsis,
            // common in any prose. None is wide, so only the terminal-safety test is needed.
            if bytes[index] == 0xE2, index + 1 < bytes.count, bytes[index + 1] == 0x80 {
                return TerminalSafety.unsafeLength(bytes, at: index) > 0
            }
            return wideScalarLength(bytes, at: index) != nil || TerminalSafety.unsafeLength(bytes, at: index) > 0
        }
    }

    /// Whether a C1 control (C2 80 … C2 9F) starts at a byte `marked` marks (as in
    /// ``hasWideOrDirectional(_:at:marked:)``), each a C2 byte.
    private static func hasC1(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int, marked: UInt64) -> Bool {
        ByteWords.containsMarked(marked, from: start) { index in
            index + 1 < bytes.count && (0x80...0x9F).contains(bytes[index + 1])
        }
    }

    /// Whether `byte` separates words: a space, or a line break or tab, which a paragraph shows as a space.
    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }
}

extension ReportBuffer {
    /// Appends UTF-8 `bytes` so that a terminal shows them on one line and can neither be driven by them nor
    /// made to reorder what follows: line breaks and tabs become spaces, and other C0 and C1 control
    /// characters, DEL and directional formatting characters become U+FFFD (see ``TerminalSafety``).
    mutating func appendTerminalSafe(_ bytes: UnsafeBufferPointer<UInt8>.SubSequence) {
        // Rebased so that a character at the slice's end is not read as running on past it.
        let slice = UnsafeBufferPointer(rebasing: bytes)
        var runStart = 0
        var index = 0
        while index < slice.count {
            let byte = slice[index]
            let unsafeLength = TerminalSafety.mayStartUnsafe(byte) ? TerminalSafety.unsafeLength(slice, at: index) : 0
            guard unsafeLength > 0 else {
                index += 1
                continue
            }
            append(slice[runStart..<index])
            if byte == 0x0A || byte == 0x0D || byte == 0x09 {
                append(byte: 0x20)
            } else {
                append("\u{FFFD}")
            }
            index += unsafeLength
            runStart = index
        }
        append(slice[runStart..<slice.count])
    }
}
