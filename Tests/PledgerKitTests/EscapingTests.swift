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
            #expect(String(decoding: out.bytes, as: UTF8.self) == expected, "\(text.debugDescription)")
            if String(decoding: out.bytes, as: UTF8.self) != expected { return }
        }
    }

    @Test func markdownEscapingBackslashesMarkupAndFlattensLineBreaks() {
        let markup = Set("\\`*_[]<>|~#".unicodeScalars)
        for text in Self.texts(seed: 0x4D_44_01) {
            let expected = text.unicodeScalars.map { scalar -> String in
                if markup.contains(scalar) { return "\\" + String(scalar) }
                if scalar == "\n" || scalar == "\r" { return " " }
                return String(scalar)
            }.joined()
            var out = ReportBuffer()
            out.appendMarkdown(text)
            #expect(String(decoding: out.bytes, as: UTF8.self) == expected, "\(text.debugDescription)")
            #expect(markdownEscaped(text) == expected, "\(text.debugDescription)")
            if markdownEscaped(text) != expected { return }
        }
    }
}

@Suite struct TerminalSafetyTests {
    @Test func controlsBecomeOneReplacementEachAndLineBreaksTabsAndCRLFStay() {
        let text = "a\u{1B}[2Jb\u{07}\tc\r\nd\re\u{7F}f\u{9B}31mg\u{85}h\nî"
        let safe = String(decoding: TerminalSafety.safe(text.utf8), as: UTF8.self)
        #expect(safe == "a\u{FFFD}[2Jb\u{FFFD}\tc\r\nd\u{FFFD}e\u{FFFD}f\u{FFFD}31mg\u{FFFD}h\nî")
        #expect(TerminalSafety.safe("plain, é and ✓\n".utf8) == Array("plain, é and ✓\n".utf8))
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
