import Foundation
import PledgerTestSupport
import Testing

@testable import PledgerKit

/// The HTML and Markdown escapes scan eight bytes at a time; these compare them with a character-by-character
/// reference on generated text, where every special character falls at every offset of the words read.
struct EscapingTests {
    private static let pieces = [
        "a", "longer words", "é", "日本語", "😀", "&", "<", ">", "\"", "'", "\\", "`", "*", "_", "[", "]", "|", "~",
        "#", "\n", "\r", "\t", "&amp;", "<script>", "x", "1234567",
    ]

    private static func texts(seed: UInt64) -> [String] {
        var random = SeededGenerator(seed: seed)
        return (0..<4_000).map { _ in
            (0..<Int.random(in: 0...30, using: &random)).map { _ in pieces.randomElement(using: &random) ?? "" }.joined()
        }
    }

    @Test func htmlEscapingReplacesExactlyTheFiveSpecialCharacters() {
        let references: [Character: String] = ["&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;"]
        for text in Self.texts(seed: 0x48_544D_4C) {
            var out = ReportBuffer()
            out.appendHTMLEscaped(text)
            let expected = text.unicodeScalars.map { scalar in references[Character(scalar)] ?? String(scalar) }.joined()
            #expect(out.string == expected, "\(text.debugDescription)")
            if out.string != expected { return }
        }
    }

    @Test func digitsAndVowelPointsDoNotSetAQuotesDirection() {
        #expect(Bidi.firstStrongDirection("٢٠٢٤ budget doubled") == .leftToRight)
        #expect(Bidi.firstStrongDirection("\u{064E} 2024: وعد") == .rightToLeft)
        #expect(Bidi.firstStrongDirection("\u{200F}2024 budget") == .rightToLeft, "a right-to-left mark is strong")
        #expect(Bidi.firstStrongDirection("2024, 5%") == nil)
    }

    @Test(arguments: [
        ("he would ", "take steps", " and", true),
        ("said “", "fix it", "” now", true),
        ("部长说", "“我们将建成”", "，但", false),
        ("部长说 ", "“我们将建成”", " 但", true),
        ("cost US", "$5 billion", " for", false),
        ("", "*starred*", "", true),
        ("the ", " spaced ", " out", false),
    ] as [(String, String, String, Bool)])
    func asterisksDelimitAQuoteOnlyWhereCommonMarkReadsThemAsStrongEmphasis(
        prefix: String, exact: String, suffix: String, delimits: Bool
    ) {
        #expect(StrongEmphasis.canDelimit(prefix: prefix, exact: exact, suffix: suffix) == delimits)
    }

    @Test func passageMarksAvoidEveryPairTheTextHoldsAndFallBackToTheFirst() {
        #expect(PassageMarks.pair(avoiding: "plain", "text", "") == PassageMarks.pairs[0])
        #expect(PassageMarks.pair(avoiding: "«Мы", " выполним»", "") == PassageMarks.pairs[1])
        #expect(PassageMarks.pair(avoiding: "", "", "» and ⟧") == PassageMarks.pairs[2])
        #expect(PassageMarks.pair(avoiding: "« ⟦", "", " ⟪ ⦄") == PassageMarks.pairs[0], "every pair held: the usual one")
        #expect(PassageMarks.pair(avoiding: "¬ ® ¼ and a long run of ordinary words after them", "", "") == PassageMarks.pairs[0])
    }

    @Test func markdownEscapingBackslashesMarkupAndFlattensLineBreaks() {
        let markup = Set("\\`*_[]<>|~#&".unicodeScalars)
        for text in Self.texts(seed: 0x4D_44_01) {
            let expected = text.unicodeScalars.map { scalar -> String in
                if markup.contains(scalar) { return "\\" + String(scalar) }
                if scalar == "\n" || scalar == "\r" { return " " }
                return String(scalar)
            }.joined()
            var out = ReportBuffer()
            out.appendMarkdown(text)
            #expect(out.string == expected, "\(text.debugDescription)")
            #expect(markdownEscaped(text) == expected, "\(text.debugDescription)")
            if markdownEscaped(text) != expected { return }
        }
    }
}

@Suite struct ShellQuotingTests {
    @Test func theHTMLFooterRegeneratesTheSameReportThroughAShell() throws {
        #expect(ReportFigures.shellQuoted("fentanyl") == "fentanyl")
        #expect(ReportFigures.shellQuoted("-draft") == "-draft")
        #expect(ReportFigures.shellQuoted("a b") == "'a b'")
        #expect(ReportFigures.shellQuoted("it's") == #"'it'\''s'"#)
        #expect(ReportFigures.shellQuoted("") == "''")
        let store = try Fixtures.seedLedger(clock: fixedClock)
        let report = try store.complianceReport(asOf: date("2026-11-23"), scope: .init(actor: slug("prc"), tag: "fentanyl"))
        #expect(ReportFigures.regenerationCommand(report)
            == "pledger report --as-of 2026-11-23 --as-recorded \(report.stamp.entryCount) --actor prc --tag=fentanyl")
    }
}

@Suite struct TerminalSafetyTests {
    @Test func controlsBecomeOneReplacementEachAndLineBreaksTabsAndCRLFStay() {
        let text = "a\u{1B}[2Jb\u{07}\tc\r\nd\re\u{7F}f\u{9B}31mg\u{85}h\nî"
        let safe = String(decoding: TerminalSafety.safe(text.utf8), as: UTF8.self)
        #expect(safe == "a\u{FFFD}[2Jb\u{FFFD}\tc\r\nd\u{FFFD}e\u{FFFD}f\u{FFFD}31mg\u{FFFD}h\nî")
        #expect(TerminalSafety.safe("plain, é and ✓\n".utf8) == Array("plain, é and ✓\n".utf8))
    }

    @Test func directionalFormattingBecomesAReplacementAndDirectionalMarksStay() {
        // RLO, LRE, PDF, LRI, RLI, FSI, PDI; then LRM, RLM and ALM, which are kept; then neighbours of both
        // ranges (U+2029, U+202F, U+2065, U+206A) and typographic punctuation, which share their lead bytes.
        let text = "a\u{202E}b\u{202A}c\u{202C}d\u{2066}e\u{2067}f\u{2068}g\u{2069}h\u{200E}\u{200F}\u{061C}i\u{2029}\u{202F}\u{2065}\u{206A}“—”…"
        let safe = String(decoding: TerminalSafety.safe(text.utf8), as: UTF8.self)
        #expect(safe == "a\u{FFFD}b\u{FFFD}c\u{FFFD}d\u{FFFD}e\u{FFFD}f\u{FFFD}g\u{FFFD}h\u{200E}\u{200F}\u{061C}i\u{2029}\u{202F}\u{2065}\u{206A}“—”…")
        // A character cut off at the end is not read past it.
        #expect(TerminalSafety.safe([0x61, 0xE2, 0x80]) == [0x61, 0xE2, 0x80])
        // Recorded text may hold them: right-to-left text uses them.
        #expect(!"\u{202E}\u{2067}".unicodeScalars.contains(where: TerminalSafety.isControl))
    }

    @Test func rightToLeftLettersAndDirectionalFormattingNeedIsolationButLatinPunctuationDoesNot() {
        for text in ["שלום", "مرحبا", "ﭐ", "ﻼ", "\u{200F}", "a\u{202E}b", "x\u{2067}", "𐤀", "𞤀"] {
            #expect(Bidi.needsIsolation(text), "\(text.debugDescription)")
        }
        for text in ["", "plain", "“quoted” — and… so", "Ärger, ñ, ø", "日本語", "\u{FEFF}BOM", "\u{200E}", "Երևան", "→ ─"] {
            #expect(!Bidi.needsIsolation(text), "\(text.debugDescription)")
        }
    }

    @Test func aTextReportShowsAnOverrideInAQuoteAsAReplacementWhereverItFalls() {
        let quoteWithOverride = "the \u{202E}tneve\u{2066} kept"
        // Padded so that the three bytes of U+202E fall at every offset of the eight-byte words a scan reads,
        // and in the bytes after the last whole word.
        let padded = (0..<9).map { String(repeating: "x", count: $0) + quoteWithOverride }
        for width in [40, 41, 60] {
            for paragraph in [quoteWithOverride, "“…" + quoteWithOverride + "…”", "a  " + quoteWithOverride] + padded {
                var out = TextOutput(width: width)
                out.wrapped(paragraph, indent: 2, hanging: 4)
                let shown = out.text.string
                #expect(!shown.unicodeScalars.contains(where: TerminalSafety.isDirectionalFormatting), "\(shown)")
                #expect(shown.contains("\u{FFFD}tneve\u{FFFD} kept"), "\(shown)")
            }
        }
        var paragraph = quoteWithOverride
        #expect(paragraph.withUTF8(TextOutput.runCopy(for:)) == nil)
    }

    @Test func aTerminalSafeOutputWritesSafeBytesFromStringsAndBuffersAlike() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write("", to: "out.txt")
        let handle = try #require(FileHandle(forWritingAtPath: path))
        defer { try? handle.close() }
        let output = ChunkedFileOutput(handle: handle, chunkSize: 4, terminalSafe: true)
        output.write("x\u{1B}[31m")
        output.write(utf8: Array("y\u{9B}z".utf8))
        try output.finish()
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "x\u{FFFD}[31my\u{FFFD}z")
    }
}
