/// A byte buffer that writes JSON in exactly the layout of Foundation's `JSONEncoder` with
/// `[.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]`, for writers that emit keys themselves.
///
/// The layout it reproduces, checked against Foundation by `JSONReportRendererTests`:
/// - containers open with `{` or `[` and a newline; each member sits on its own line, indented two spaces
///   per level, members separated by `,` and a newline; the closing bracket sits on its own line at the
///   container's level — so an empty container prints as `[`, an empty line, and an indented `]`;
/// - a member of an object is `"key" : value`; the caller emits keys in UTF-8 byte order (`.sortedKeys`);
/// - strings escape `"` and `\` with a backslash, U+0008, U+0009, U+000A, U+000C and U+000D as `\b`, `\t`,
///   `\n`, `\f` and `\r`, every other byte below 0x20 as `\u00XX` with lower-case hex, and nothing else:
///   `/`, DEL, U+2028, U+2029 and all non-ASCII text are written raw;
/// - a `Double` is its `description` with a trailing `.0` dropped (`100`, `-0`, `66.66666666666667`,
///   `1e+16`, `2.5e-05`).
///
/// Output accumulates in a ``ReportBuffer``; callers hand it on with ``move(to:)`` or ``takeText()``.
struct JSONTextWriter {
    /// The UTF-8 output written since the last move.
    private var buffer: ReportBuffer
    /// How many containers are open.
    private(set) var depth = 0
    /// Whether the innermost open container has no member yet.
    private var isFirstMember = true

    /// Creates a writer for the top level of a document.
    init() {
        buffer = ReportBuffer(reservingChunk: true)
    }

    /// Creates a writer that continues inside containers already opened elsewhere, `depth` levels deep,
    /// where the innermost one already has members unless `isFirstMember`, appending to `buffer`: a worker
    /// writing a batch of array elements starts this way.
    init(depth: Int, isFirstMember: Bool, into buffer: consuming ReportBuffer) {
        self.depth = depth
        self.isFirstMember = isFirstMember
        self.buffer = buffer
    }

    /// The text written so far, and the buffer emptied.
    mutating func takeText() -> ReportBuffer {
        var taken = ReportBuffer()
        swap(&taken, &buffer)
        return taken
    }

    /// Hands the buffered text to `output` and empties the buffer.
    mutating func move(to output: inout some TextOutputStream) {
        buffer.move(to: &output)
    }

    // MARK: Containers

    /// Opens an object (as a value: after ``key(_:)``, ``element()`` or at the top level).
    mutating func beginObject() {
        open(UInt8(ascii: "{"))
    }

    /// Closes the innermost object.
    mutating func endObject() {
        close(UInt8(ascii: "}"))
    }

    /// Opens an array (as a value).
    mutating func beginArray() {
        open(UInt8(ascii: "["))
    }

    /// Closes the innermost array.
    mutating func endArray() {
        close(UInt8(ascii: "]"))
    }

    /// Starts the next member of the innermost object: separator, indentation and `"key" : `.
    ///
    /// `name` must be plain ASCII needing no escapes, as Swift property names are.
    mutating func key(_ name: StaticString) {
        startMember(key: name)
    }

    /// Starts the next member of the innermost object with a key known only at run time.
    mutating func key(escaping name: String) {
        startMember()
        string(name)
        append(" : ")
    }

    /// Appends members of the innermost object written by another writer at this depth after a member (see
    /// ``init(depth:isFirstMember:into:)``): each begins with its separator and indentation.
    mutating func append(members: ReportBuffer) {
        buffer.append(members)
        isFirstMember = false
    }

    /// Starts the next element of the innermost array: separator and indentation.
    mutating func element() {
        startMember()
    }

    // Each piece of layout is written in one reservation of the buffer, not byte by byte: a report writes
    // tens of millions of them.

    private mutating func open(_ bracket: UInt8) {
        buffer.append(count: 2) { start in
            start[0] = bracket
            start[1] = UInt8(ascii: "\n")
        }
        depth += 1
        isFirstMember = true
    }

    private mutating func close(_ bracket: UInt8) {
        depth -= 1
        let spaces = 2 * depth
        buffer.append(count: spaces + 2) { start in
            start.writing("\n").writingSpaces(spaces).initialize(to: bracket)
        }
        // The container just closed was a member of its parent, so the parent is no longer empty.
        isFirstMember = false
    }

    /// The separator (none before the first member), the indentation and, for an object's member, `"key" : `.
    private mutating func startMember(key name: StaticString? = nil) {
        let separator: StaticString = isFirstMember ? "" : ",\n"
        isFirstMember = false
        let spaces = 2 * depth
        let keyLength = name.map { $0.utf8CodeUnitCount + 5 } ?? 0  // The quotes and ` : `.
        buffer.append(count: separator.utf8CodeUnitCount + spaces + keyLength) { start in
            let next = start.writing(separator).writingSpaces(spaces)
            if let name {
                _ = next.writing("\"").writing(name).writing(#"" : "#)
            }
        }
    }

    // MARK: Scalars

    /// Writes `text` as a JSON string, escaped as `JSONEncoder` escapes it.
    mutating func string(_ text: String) {
        buffer.append(byte: UInt8(ascii: "\""))
        buffer.append(text, escaping: Self.isEscaped, marks: Self.escapedBytes) { byte, out in
            let letter: UInt8? =
                switch byte {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): byte
                case 0x08: UInt8(ascii: "b")
                case 0x09: UInt8(ascii: "t")
                case 0x0A: UInt8(ascii: "n")
                case 0x0C: UInt8(ascii: "f")
                case 0x0D: UInt8(ascii: "r")
                default: nil
                }
            if let letter {
                out.append(count: 2) { start in
                    start.initialize(to: UInt8(ascii: "\\"))
                    (start + 1).initialize(to: letter)
                }
            } else {
                out.append(count: 6) { start in
                    let digits = start.writing(#"\u00"#)
                    digits.initialize(to: SHA256Hash.hexDigits[Int(byte >> 4)])
                    (digits + 1).initialize(to: SHA256Hash.hexDigits[Int(byte & 0x0F)])
                }
            }
        }
        buffer.append(byte: UInt8(ascii: "\""))
    }

    /// Whether JSON escapes `byte`: a control character (below 0x20), a quote or a backslash.
    private static func isEscaped(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\")
    }

    /// The bytes of `word` that ``isEscaped(_:)`` accepts (see ``ByteWords``).
    private static func escapedBytes(_ word: UInt64) -> UInt64 {
        ByteWords.below0x20(word) | ByteWords.equal(word, UInt8(ascii: "\"")) | ByteWords.equal(word, UInt8(ascii: "\\"))
    }

    /// Writes an integer in decimal.
    mutating func int(_ value: Int) {
        buffer.append(value)
    }

    /// Writes a boolean.
    mutating func bool(_ value: Bool) {
        append(value ? "true" : "false")
    }

    /// Writes a double as `JSONEncoder` does: its shortest round-trip `description`, without a trailing `.0`.
    ///
    /// `JSONEncoder` refuses NaN and infinities; they cannot come out of a report's arithmetic, and are
    /// written here as `null`, which decodes back to `nil`.
    mutating func double(_ value: Double) {
        guard value.isFinite else {
            append("null")
            return
        }
        var text = value.description
        if text.hasSuffix(".0") {
            text.removeLast(2)
        }
        buffer.append(contentsOf: text)
    }

    /// Writes raw, already-formatted ASCII JSON text.
    mutating func append(_ text: StaticString) {
        buffer.append(text)
    }

    /// Writes a day as the JSON string `"YYYY-MM-DD"`.
    mutating func string(_ date: CalendarDate) {
        date.withText { text in
            buffer.append(count: text.count + 2) { start in
                _ = start.writing("\"").writing(text).writing("\"")
            }
        }
    }

    /// Writes one raw byte of JSON text.
    mutating func append(byte: UInt8) {
        buffer.append(byte: byte)
    }

    /// Writes `hash` as a JSON string of 64 lower-case hex digits.
    mutating func hexString(_ hash: SHA256Hash) {
        buffer.append(count: 66) { start in
            hash.writeHex(into: UnsafeMutableBufferPointer(start: start.writing("\""), count: 64))
            _ = (start + 65).writing("\"")
        }
    }
}
