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
