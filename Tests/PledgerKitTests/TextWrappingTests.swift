import Testing

@testable import PledgerKit

/// The text renderer's word wrapping, which copies runs of words as bytes, checked against a plain
/// word-by-word reference on generated paragraphs.
struct TextWrappingTests {
    /// The specification: control characters made safe (line breaks and tabs as spaces, others as U+FFFD),
    /// words split on spaces and around each East Asian wide scalar (a piece of its own, two columns wide,
    /// joined to the pieces of its word without a space), then packed greedily; other scalars one column.
    private func reference(_ paragraph: String, width: Int, indent: Int, hanging: Int) -> String {
        var safe = String.UnicodeScalarView()
        for scalar in paragraph.unicodeScalars {
            switch scalar.value {
            case 0x0A, 0x0D, 0x09: safe.append(" ")
            case 0..<0x20, 0x7F...0x9F: safe.append("\u{FFFD}")
            default: safe.append(scalar)
            }
        }
        var result = String(repeating: " ", count: indent)
        var column = indent
        var lineHasWord = false
        for word in String(safe).split(separator: " ", omittingEmptySubsequences: true) {
            var pieces: [(text: String, length: Int)] = []
            var current = String.UnicodeScalarView()
            for scalar in word.unicodeScalars {
                if TerminalWidth.isWide(scalar) {
                    if !current.isEmpty { pieces.append((String(current), current.count)) }
                    current = String.UnicodeScalarView()
                    pieces.append((String(scalar), 2))
                } else {
                    current.append(scalar)
                }
            }
            if !current.isEmpty { pieces.append((String(current), current.count)) }
            for (position, piece) in pieces.enumerated() {
                let gap = position == 0 ? 1 : 0
                if lineHasWord, column + gap + piece.length > width {
                    result += "\n" + String(repeating: " ", count: hanging)
                    column = hanging
                    lineHasWord = false
                }
                if lineHasWord, gap == 1 {
                    result += " "
                    column += 1
                }
                result += piece.text
                column += piece.length
                lineHasWord = true
            }
        }
        return result + "\n"
    }

    private func wrapped(_ paragraph: String, width: Int, indent: Int, hanging: Int) -> String {
        Self.wrapped(paragraph, width: width, indent: indent, hanging: hanging)
    }

    private static func wrapped(_ paragraph: String, width: Int, indent: Int, hanging: Int) -> String {
        var output = TextOutput(width: width)
        output.wrapped(paragraph, indent: indent, hanging: hanging)
        var text = ""
        output.text.move(to: &text)
        return text
    }

    @Test func wrappingMatchesTheWordByWordReferenceOnGeneratedParagraphs() {
        let pieces = ["a", "word", "longerword", "x", " ", "  ", "\n", "\r\n", "\t", "é", "“quoted”", "—", "\u{1B}[31m",
                      "\u{9B}", "\u{7F}", "\u{A0}", "日本語", "e\u{301}", "😀", String(repeating: "m", count: 120)]
        var random = SeededGenerator(seed: 0x5EED_7E47)
        for run in 0..<3_000 {
            let count = Int.random(in: 0...40, using: &random)
            let paragraph = (0..<count).map { _ in pieces.randomElement(using: &random) ?? "" }.joined()
            let indent = Int.random(in: 0...8, using: &random)
            let hanging = Int.random(in: 0...10, using: &random)
            let expected = reference(paragraph, width: 40, indent: indent, hanging: hanging)
            let actual = wrapped(paragraph, width: 40, indent: indent, hanging: hanging)
            #expect(actual == expected, "run \(run): \(paragraph.debugDescription)")
            if actual != expected { return }
        }
    }

    /// Paragraphs whose words are one space apart are wrapped as runs of bytes; these are generated so that
    /// most are, with words of every length, multi-byte letters, « » and no-break spaces (which are kept),
    /// at every width — narrower than the indent too.
    @Test func plainParagraphsWrapLikeTheReferenceAtEveryWidth() {
        let words = ["a", "of", "word", "longerword", "é", "«quoted»", "“…”", "—", "\u{A0}", "x\u{AB}y",
                     String(repeating: "m", count: 45), "line\nbreak", "tab\there", "\u{9B}", "two  spaces", "\r\n", "\u{1B}",
                     "日本語", "😀"]
        var random = SeededGenerator(seed: 0x0B1A_57E5)
        var plain = 0
        for run in 0..<5_000 {
            let count = Int.random(in: 1...30, using: &random)
            // The last six words are not plain (controls, double spaces, wide characters): a few paragraphs
            // take the word-by-word path.
            let vocabulary = run % 10 == 0 ? words : Array(words.dropLast(6))
            let paragraph = (0..<count).map { _ in vocabulary.randomElement(using: &random) ?? "" }.joined(separator: " ")
            let width = Int.random(in: 1...60, using: &random)
            let indent = Int.random(in: 0...12, using: &random)
            let hanging = Int.random(in: 0...12, using: &random)
            var copy = paragraph
            if copy.withUTF8(TextOutput.runCopy(for:)) != nil { plain += 1 }
            let expected = reference(paragraph, width: width, indent: indent, hanging: hanging)
            let actual = wrapped(paragraph, width: width, indent: indent, hanging: hanging)
            #expect(actual == expected, "run \(run), width \(width): \(paragraph.debugDescription)")
            if actual != expected { return }
        }
        #expect(plain >= 4_500, "most paragraphs take the run-of-bytes path")
    }

    @Test(arguments: [
        ("plain words", .verbatim), ("«quoted» and\u{A0}kept", .verbatim), ("", nil), (" leading", nil),
        ("trailing ", nil), ("two  spaces", nil), ("a line\nbreak", .breaksAsSpaces), ("tab\t", nil),
        ("a\tb and c\rd", .breaksAsSpaces), ("crlf\r\nbreak", nil), ("space \nbreak", nil),
        ("escape \u{1B}[31m", nil), ("delete \u{7F}", nil), ("c1 \u{9B}", nil), ("exactly8 spaces9", .verbatim),
        ("1234567 ", nil), ("1234567  89", nil), ("1234567\n 89", nil), ("12345678 9", .verbatim),
        ("1234567890123\n5", .breaksAsSpaces), ("“curly” — quotes stay plain", .verbatim), ("中文 wraps per character", nil),
        ("twelve bytes then 中", nil), ("abc\u{7F}defgh ijk", nil), ("abcdefg\u{1F} ijklmnop", nil),
        ("abcdefgh  ijklmnop", nil), ("abcdefg\u{9B}ijklmnop", nil),
        // A harmless E2 80 xx and what must be replaced or measured, in one eight-byte word, and at the end.
        ("“a\u{202E}b” c", nil), ("“中” in one word", nil), ("x\u{A0}\u{9B}yz abcdef", nil), ("ends with \u{2066}", nil),
        ("“a—b” c…d", .verbatim),
    ] as [(String, TextOutput.RunCopy?)])
    func paragraphsWithSingleSeparatorsAndNoControlsAreWrappedAsRuns(paragraph: String, copy: TextOutput.RunCopy?) {
        var bytes = paragraph
        #expect(bytes.withUTF8(TextOutput.runCopy(for:)) == copy)
    }

    /// The eight-bytes-at-a-time test the run-of-bytes check takes for most words of prose.
    @Test func printableASCIITestAgreesWithTheByteRuleForEveryByteAtEveryPosition() {
        for byte in UInt8.min...UInt8.max {
            for position in 0..<8 {
                var bytes = Array("abcdefgh".utf8)
                bytes[position] = byte
                let word = bytes.withUnsafeBufferPointer { ByteWords.load($0.baseAddress!, at: 0) }
                #expect(ByteWords.isPrintableASCII(word) == (0x20...0x7E).contains(byte), "byte \(byte) at \(position)")
            }
        }
    }

    /// The continuation-byte test and the count of marked bytes that the wrapping counts scalars with.
    @Test func continuationBytesAreMarkedAndCountedAsTheByteRuleSaysForEveryByteAtEveryPosition() {
        for byte in UInt8.min...UInt8.max {
            for position in 0..<8 {
                // Every other byte a continuation byte too, so that a test leaking into a neighbour shows.
                var bytes: [UInt8] = [0x80, 0x41, 0xBF, 0xC3, 0x9F, 0xE2, 0xFF, 0x7F]
                bytes[position] = byte
                let word = bytes.withUnsafeBufferPointer { ByteWords.load($0.baseAddress!, at: 0) }
                let marks = ByteWords.continuation(word)
                for index in 0..<8 {
                    let marked = marks >> (8 * index) & 0xFF
                    #expect(marked == (bytes[index] & 0xC0 == 0x80 ? 0x80 : 0), "byte \(byte) at \(position), index \(index)")
                }
                #expect(ByteWords.count(marks) == bytes.filter { $0 & 0xC0 == 0x80 }.count, "byte \(byte) at \(position)")
            }
        }
        #expect(ByteWords.count(0x8080_8080_8080_8080) == 8)
        #expect(ByteWords.count(0) == 0)
    }

    @Test func chineseTextWrapsBetweenCharactersAtTwoColumnsEach() {
        let sentence = "中国将采取措施大幅遏制芬太尼前体的生产和贩运，并与美国成立禁毒工作组。"
        let text = wrapped("Xi said: \(sentence)", width: 40, indent: 2, hanging: 4)
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.count > 2)
        for line in lines {
            #expect(TerminalWidth.columns(of: line) <= 40, "\(line)")
        }
        // Nothing added or lost but the breaks and indents: the characters run on across lines.
        #expect(lines.map { $0.trimmingCharacters(in: .whitespaces) }.joined() == "Xi said: " + sentence)
        #expect(lines[0] == "  Xi said: 中国将采取措施大幅遏制芬太尼")  // 11 + 14 × 2 = 39 columns; one more is 41.
    }

    @Test func aWordLongerThanTheWidthStaysWholeOnItsOwnLine() {
        let long = String(repeating: "z", count: 60)
        #expect(wrapped("short \(long) end", width: 40, indent: 2, hanging: 4) == "  short\n    \(long)\n    end\n")
    }
}
