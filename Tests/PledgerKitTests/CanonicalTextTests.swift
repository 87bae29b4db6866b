import Foundation
import PledgerKit
import Testing

/// Turning raw source bytes into the canonical text that quotes are anchored into.
struct CanonicalTextTests {
    private func canonical(_ string: String) throws -> CanonicalText {
        try CanonicalText(decoding: Array(string.utf8))
    }

    private func refusal(_ bytes: [UInt8]) -> SourceTextError? {
        do {
            _ = try CanonicalText(decoding: bytes)
            return nil
        } catch {
            return error
        }
    }

    private static let seedFolder = URL(filePath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appending(path: "fixtures/seed-case")

    @Test func crlfAndLoneCRBecomeLF() throws {
        let text = try canonical("one\r\ntwo\rthree\n\r\nfour\r\r\n")
        #expect(text.string == "one\ntwo\nthree\n\nfour\n\n")
        #expect(!text.string.unicodeScalars.contains("\r"))
    }

    @Test func decomposedInputBecomesComposed() throws {
        let text = try canonical("cafe\u{301} Ha\u{308}user")
        #expect(text.string.unicodeScalars.elementsEqual("café Häuser".unicodeScalars))
        #expect(text.scalarCount == 11)
        #expect(try canonical("e\u{301}").scalars == ["\u{E9}"])
    }

    @Test func nothingButLineBreaksAndNormalizationChanges() throws {
        let original = "  “Curly” — ‘quotes’…\u{A0}and\ttabs  \n\n\ntrailing  "
        let text = try canonical(original)
        #expect(text.string.unicodeScalars.elementsEqual(original.unicodeScalars))
    }

    @Test func leadingByteOrderMarkIsDropped() throws {
        let text = try CanonicalText(decoding: [0xEF, 0xBB, 0xBF] + Array("hello".utf8))
        #expect(text.string == "hello")
        #expect(text.scalarCount == 5)
        #expect(text.sha256 == (try canonical("hello")).sha256)
    }

    @Test func byteOrderMarkInsideTheTextIsKept() throws {
        let text = try canonical("a\u{FEFF}b")
        #expect(text.scalarCount == 3)
    }

    @Test func invalidUTF8IsRefusedWithTheOffsetOfTheFirstBadByte() {
        #expect(refusal(Array("abc".utf8) + [0xFF] + Array("def".utf8)) == .invalidUTF8(byteOffset: 3))
        // Latin-1 "é" in otherwise ASCII text.
        #expect(refusal(Array("caf".utf8) + [0xE9, 0x20, 0x61]) == .invalidUTF8(byteOffset: 3))
        // Overlong encoding of "/", an encoded surrogate, a value above U+10FFFF, a truncated sequence.
        #expect(refusal([0x61, 0xC0, 0xAF]) == .invalidUTF8(byteOffset: 1))
        #expect(refusal([0x61, 0x62, 0xED, 0xA0, 0x80]) == .invalidUTF8(byteOffset: 2))
        #expect(refusal([0xF4, 0x90, 0x80, 0x80]) == .invalidUTF8(byteOffset: 0))
        #expect(refusal(Array("ab".utf8) + [0xE2, 0x80]) == .invalidUTF8(byteOffset: 2))
        // Offsets count the byte order mark, as a hex viewer would.
        #expect(refusal([0xEF, 0xBB, 0xBF, 0x61, 0x80]) == .invalidUTF8(byteOffset: 4))
    }

    @Test func invalidUTF8MessageSaysWhereAndHowToFixIt() {
        let message = SourceTextError.invalidUTF8(byteOffset: 1042).description
        #expect(message.contains("not valid UTF-8"))
        #expect(message.contains("offset 1042"))
        #expect(message.contains("iconv"))
    }

    @Test func nulByteIsRefusedAsBinary() {
        #expect(refusal(Array("ab".utf8) + [0] + Array("cd".utf8)) == .binary(byteOffset: 2))
        // PNG signature: the NUL is reported even though 0x89 is not UTF-8 either.
        #expect(refusal([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00]) == .binary(byteOffset: 8))
        // UTF-16LE text.
        #expect(refusal([0x68, 0x00, 0x69, 0x00]) == .binary(byteOffset: 1))
        #expect(SourceTextError.binary(byteOffset: 8).description.contains("offset 8"))
    }

    @Test func emptyOrWhitespaceOnlyTextIsRefused() {
        #expect(refusal([]) == .empty)
        #expect(refusal([0xEF, 0xBB, 0xBF]) == .empty)
        #expect(refusal(Array(" \r\n\t\u{A0}\u{2003}\n".utf8)) == .empty)
        #expect(SourceTextError.empty.description.contains("empty"))
    }

    @Test func hashIsOfTheCanonicalUTF8Bytes() throws {
        let text = try canonical("Caf\u{65}\u{301}\r\nline two")
        #expect(text.sha256 == SHA256Hash.digest(of: Array("Café\nline two".utf8)))
        #expect(text == (try canonical("Café\nline two")))
        #expect(text != (try canonical("Café\nline two ")))
    }

    @Test func scalarOffsetsCountEmojiAndCJKAsOneCodePointEach() throws {
        let text = try canonical("中文😀x👍🏽")
        #expect(text.scalarCount == 6)
        #expect(text.string.utf16.count == 9)
        #expect(text.slice(0..<2) == "中文")
        #expect(text.slice(2..<3) == "😀")
        #expect(text.slice(3..<4) == "x")
        #expect(text.slice(4..<6) == "👍🏽")
    }

    @Test func sliceIsClampedToTheText() throws {
        let text = try canonical("abc")
        #expect(text.slice(-5..<2) == "ab")
        #expect(text.slice(1..<99) == "bc")
        #expect(text.slice(7..<9) == "")
    }

    @Test func lineNumbersAreOneBasedAndANewlineBelongsToTheLineItEnds() throws {
        let text = try canonical("ab\ncd\n\nef")
        #expect(text.lineNumber(atScalarOffset: 0) == 1)
        #expect(text.lineNumber(atScalarOffset: 2) == 1)
        #expect(text.lineNumber(atScalarOffset: 3) == 2)
        #expect(text.lineNumber(atScalarOffset: 6) == 3)
        #expect(text.lineNumber(atScalarOffset: 7) == 4)
        #expect(text.lineNumber(atScalarOffset: 9) == 4)
    }

    @Test func graphemeBoundariesFallBetweenUserPerceivedCharacters() throws {
        // a, family (5 scalars), French flag (2 scalars), x with a combining acute (2 scalars).
        let text = try canonical("a👨‍👩‍👧🇫🇷x\u{301}")
        let boundaries = (0...text.scalarCount).filter { text.isGraphemeBoundary(atScalarOffset: $0) }
        #expect(boundaries == [0, 1, 6, 8, 10])
        #expect(!text.isGraphemeBoundary(atScalarOffset: -1))
        #expect(!text.isGraphemeBoundary(atScalarOffset: 11))
    }

    @Test func seedTextsAreAccepted() throws {
        for file in ["dailycaller-2024-04-16-no-evidence.txt", "thehill-2023-08-04-lawmakers-letter.txt"] {
            let bytes = try Data(contentsOf: Self.seedFolder.appending(path: file))
            let text = try CanonicalText(decoding: bytes)
            #expect(text.scalarCount > 1000)
            #expect(text.string.contains("fentanyl"))
        }
    }
}
