import Foundation
import PledgerTestSupport
import Testing

@testable import PledgerKit

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The five renderers, named by file extension.
private struct Renderer: Sendable, CustomTestStringConvertible {
    var format: String
    var renderer: any ReportRenderer

    var testDescription: String { format }

    func render(_ report: ComplianceReport) -> String {
        renderer.render(report)
    }

    func write(_ report: ComplianceReport, _ output: inout ChunkedFileOutput) {
        renderer.write(report, to: &output)
    }

    func record(_ report: ComplianceReport, _ stream: inout RecordingStream) {
        renderer.write(report, to: &stream)
    }

    static let all = [
        Renderer(format: "txt", renderer: TextReportRenderer()),
        Renderer(format: "md", renderer: MarkdownReportRenderer()),
        Renderer(format: "html", renderer: HTMLReportRenderer()),
        Renderer(format: "json", renderer: JSONReportRenderer()),
        Renderer(format: "csv", renderer: CSVReportRenderer()),
    ]
}

/// An output stream that keeps every piece it is handed, in order.
private struct RecordingStream: TextOutputStream {
    var pieces: [String] = []

    mutating func write(_ string: String) {
        pieces.append(string)
    }
}

/// The seed case report as of 2024-05-01, with or without the changes since 2024-01-01.
private func seedReport(since: Bool) throws -> ComplianceReport {
    try Fixtures.seedLedger(clock: fixedClock).complianceReport(
        asOf: date("2024-05-01"), since: since ? date("2024-01-01") : nil)
}

/// The seed report with its commitments copied `rounds` times under new refs: a report of many commitments.
private func largeReport(rounds: Int) throws -> ComplianceReport {
    var report = try seedReport(since: false)
    let items = report.commitments
    report.commitments = (0..<rounds).flatMap { round in
        items.enumerated().map { offset, item in
            var copy = item
            copy.ref = CommitmentRef(round * items.count + offset + 1)
            return copy
        }
    }
    report.overdue = report.commitments.filter(\.overdue).map(\.ref)
    return report
}

/// Writes `report` with `renderer` to a fresh file through a `ChunkedFileOutput` of `chunkSize`; returns the bytes.
private func writtenBytes(_ renderer: Renderer, _ report: ComplianceReport, chunkSize: Int) throws -> [UInt8] {
    let directory = try TemporaryDirectory()
    let path = try directory.write("", to: "report.\(renderer.format)")
    let handle = try #require(FileHandle(forWritingAtPath: path))
    var output = ChunkedFileOutput(handle: handle, chunkSize: chunkSize)
    renderer.write(report, &output)
    try output.finish()
    try handle.close()
    return Array(try Data(contentsOf: URL(filePath: path)))
}

private func fileBytes(_ path: String) throws -> [UInt8] {
    Array(try Data(contentsOf: URL(filePath: path)))
}

@Suite struct ReportStreamingTests {
    // MARK: Renderers write what they render

    @Test(arguments: Renderer.all, [false, true])
    fileprivate func writingToAFileInTinyChunksGivesExactlyTheRenderedBytes(renderer: Renderer, since: Bool) throws {
        let report = try seedReport(since: since)
        let rendered = Array(renderer.render(report).utf8)
        #expect(!rendered.isEmpty)
        #expect(try writtenBytes(renderer, report, chunkSize: 7) == rendered)
    }

    @Test(arguments: Renderer.all, [false, true])
    fileprivate func piecesHandedToAnOutputStreamJoinToTheRenderedText(renderer: Renderer, since: Bool) throws {
        let report = try seedReport(since: since)
        var stream = RecordingStream()
        renderer.record(report, &stream)
        #expect(!stream.pieces.isEmpty)
        #expect(stream.pieces.joined() == renderer.render(report))
    }

    @Test(arguments: Renderer.all)
    fileprivate func aLargeReportIsHandedOverInSeveralPiecesAsItRenders(renderer: Renderer) throws {
        let report = try largeReport(rounds: 100)
        #expect(report.commitments.count == 300)
        var stream = RecordingStream()
        renderer.record(report, &stream)
        let rendered = renderer.render(report)
        #expect(stream.pieces.joined() == rendered)
        #expect(stream.pieces.count > 1, "\(rendered.utf8.count) bytes handed over in one piece")
        #expect(stream.pieces.allSatisfy { !$0.isEmpty })
        // No piece holds the whole report: every piece is well under it.
        let largest = stream.pieces.map(\.utf8.count).max() ?? 0
        #expect(largest < rendered.utf8.count / 2, "largest piece \(largest) of \(rendered.utf8.count) bytes")
        // Through a file, in chunks smaller than the renderer's pieces, the bytes are the same.
        #expect(try writtenBytes(renderer, report, chunkSize: 4093) == Array(rendered.utf8))
    }

    @Test(arguments: Renderer.all)
    fileprivate func writingALargeReportToAFileHoldsBackLessThanAChunkUntilFinish(renderer: Renderer) throws {
        let report = try largeReport(rounds: 100)
        let directory = try TemporaryDirectory()
        let path = try directory.write("", to: "report.\(renderer.format)")
        let handle = try #require(FileHandle(forWritingAtPath: path))
        defer { try? handle.close() }
        let chunkSize = 4096
        var output = ChunkedFileOutput(handle: handle, chunkSize: chunkSize)
        renderer.write(report, &output)
        // Before finish, all but less than a chunk is already in the file, and it is the report's start.
        let before = try fileBytes(path)
        let rendered = Array(renderer.render(report).utf8)
        #expect(rendered.count - before.count < chunkSize, "\(rendered.count - before.count) bytes held back")
        #expect(rendered.starts(with: before))
        try output.finish()
        #expect(try fileBytes(path) == rendered)
    }

    // MARK: ChunkedFileOutput

    @Test func chunkedOutputWritesOnlyWhenAChunkHasGatheredAndTheRestOnFinish() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write("", to: "out.txt")
        let handle = try #require(FileHandle(forWritingAtPath: path))
        defer { try? handle.close() }
        let output = ChunkedFileOutput(handle: handle, chunkSize: 7)
        output.write("héllo")  // 6 bytes: not yet a chunk.
        #expect(try fileBytes(path).isEmpty)
        output.write(utf8: Array("!".utf8))  // 7 bytes: one chunk.
        #expect(try fileBytes(path) == Array("héllo!".utf8))
        output.write("ab")
        #expect(try fileBytes(path) == Array("héllo!".utf8))
        try output.finish()
        #expect(try fileBytes(path) == Array("héllo!ab".utf8))
    }

    @Test func bytesThatMakeAChunkOnTheirOwnAreWrittenAtOnceAfterWhatHadGathered() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write("", to: "out.txt")
        let handle = try #require(FileHandle(forWritingAtPath: path))
        defer { try? handle.close() }
        let output = ChunkedFileOutput(handle: handle, chunkSize: 8)
        output.write("abc")
        #expect(try fileBytes(path).isEmpty)
        let batch = Array("a batch of twenty-six bytes".utf8.prefix(26))
        output.write(utf8: batch)
        #expect(try fileBytes(path) == Array("abc".utf8) + batch)
        output.write("z")
        try output.finish()
        #expect(try fileBytes(path) == Array("abc".utf8) + batch + Array("z".utf8))
    }

    @Test func finishThrowsWhenTheHandleCannotBeWritten() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write("earlier\n", to: "read-only.txt")
        let handle = try #require(FileHandle(forReadingAtPath: path))
        defer { try? handle.close() }
        let output = ChunkedFileOutput(handle: handle, chunkSize: 4)
        output.write("a report that cannot be written")
        output.write(utf8: Array("more".utf8))
        #expect(throws: (any Error).self) { try output.finish() }
        #expect(try fileBytes(path) == Array("earlier\n".utf8))
        // A small report that never fills a chunk fails on finish too.
        let small = ChunkedFileOutput(handle: handle)
        small.write("x")
        #expect(throws: (any Error).self) { try small.finish() }
    }

    @Test func nothingIsWrittenAfterTheFirstError() throws {
        let directory = try TemporaryDirectory()
        let readOnlyPath = try directory.write("", to: "read-only.txt")
        let writablePath = try directory.write("", to: "writable.txt")
        let descriptor = open(readOnlyPath, O_RDONLY)
        try #require(descriptor >= 0)
        defer { close(descriptor) }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: false)
        let output = ChunkedFileOutput(handle: handle, chunkSize: 4)
        output.write("first chunk")  // Fails: the descriptor is read-only.
        // The same descriptor now refers to a writable file: any later write would land there.
        let writable = open(writablePath, O_WRONLY)
        try #require(writable >= 0)
        try #require(dup2(writable, descriptor) == descriptor)
        close(writable)
        output.write("second chunk")
        output.write(utf8: Array("third chunk".utf8))
        #expect(throws: (any Error).self) { try output.finish() }
        #expect(try fileBytes(writablePath).isEmpty, "written after the first error")
    }

    // MARK: ReportBuffer

    @Test(arguments: [0, 7, -1, 9, 10, -10, 99, 100, -999, 1_234_567_890, 999_999_999_999_999_999, 1_000_000_000_000_000_000, Int.max, Int.min, Int.min + 1])
    func bufferAppendsIntegersInDecimal(number: Int) {
        var buffer = ReportBuffer()
        buffer.append("x")
        buffer.append(number)
        #expect(buffer.string == "x" + String(number))
    }

    @Test func bufferCopiesKeepTheirOwnBytesAsTheyGrowAndEmpty() {
        var original = ReportBuffer()
        original.append("shared")
        var copy = original
        copy.append(" and more")
        #expect(original.string == "shared")
        #expect(copy.string == "shared and more")

        var emptied = copy
        emptied.removeAll()
        #expect(emptied.isEmpty && emptied.string.isEmpty)
        #expect(copy.string == "shared and more", "emptying a copy leaves the buffer it was copied from")
        emptied.append(byte: UInt8(ascii: "x"))
        #expect(emptied.string == "x" && copy.string == "shared and more")

        // Made spaces in place, once the bytes are the buffer's own.
        var spaced = copy
        Array("a\tb\nc".utf8).withUnsafeBufferPointer { spaced.appendControlsAsSpaces($0[...]) }
        #expect(spaced.string == "shared and morea b c")
        #expect(copy.string == "shared and more")
        copy.append(byte: UInt8(ascii: "!"))
        #expect(copy.string == "shared and more!" && spaced.string == "shared and morea b c")
    }

    @Test func controlsBecomeSpacesAtEveryOffsetOfAWordAndInTheTail() {
        // A slice that starts inside its buffer, so that words are read from an offset; a break or tab at each
        // of the 8 bytes of a word, and in the bytes after the last whole word.
        for position in 0..<19 {
            var bytes = Array("xxxx0123456789abcdefghi".utf8)
            bytes[4 + position] = position % 2 == 0 ? 0x0A : 0x09
            var spaced = ReportBuffer()
            spaced.append("<")
            bytes.withUnsafeBufferPointer { spaced.appendControlsAsSpaces($0[4...]) }
            let expected = "<" + String(decoding: bytes[4...].map { $0 < 0x20 ? 0x20 : $0 }, as: UTF8.self)
            #expect(spaced.string == expected, "break at \(position)")
        }
    }

    @Test func spacesAreAppendedInPlaceAndNoneForACountBelowOne() {
        var buffer = ReportBuffer()
        buffer.append(spaces: 0)
        buffer.append(spaces: -3)
        #expect(buffer.isEmpty)
        buffer.append("a")
        let shared = buffer
        buffer.append(spaces: 2)
        buffer.append("b")
        #expect(buffer.string == "a  b" && shared.string == "a", "a copy keeps its bytes")
    }

    @Test func bufferGrowsPastItsFirstCapacityKeepingEveryByte() {
        var buffer = ReportBuffer()
        var expected = ""
        for number in 0..<20_000 {
            buffer.append(number)
            buffer.append(byte: UInt8(ascii: ","))
            expected += "\(number),"
        }
        buffer.append(spaces: 300)
        expected += String(repeating: " ", count: 300)
        #expect(buffer.count == expected.utf8.count)
        #expect(buffer.string == expected)
        var chunked = ReportBuffer(reservingChunk: true)
        chunked.append(buffer)
        #expect(chunked.string == expected)
    }

    @Test(arguments: [
        (66.666, 1, "66.7"), (0.05, 1, "0.1"), (100, 1, "100.0"), (1.0 / 3, 2, "0.33"), (0, 2, "0.00"),
        (-794.29, 1, "-794.3"), (-0.25, 1, "-0.3"), (-0.04, 1, "0.0"), (2.5, 0, "3"), (7, 0, "7"),
    ] as [(Double, Int, String)])
    func bufferAppendsFixedPointNumbersRoundedHalfAwayFromZero(value: Double, decimals: Int, expected: String) {
        var buffer = ReportBuffer()
        buffer.append(value, decimals: decimals)
        #expect(buffer.string == expected)
    }

    @Test(arguments: [64, 16, 15, 1, 0, 63])
    func bufferAppendsTheLeadingHexDigitsOfAHash(digits: Int) throws {
        let hash = try #require(SHA256Hash(bytes: (0..<32).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 0xA5) }))
        var buffer = ReportBuffer()
        buffer.appendHex(hash, digits: digits)
        buffer.append("|")
        #expect(buffer.string == String(hash.hex.prefix(digits)) + "|")
    }

    @Test func bufferAppendsAllSixtyFourHexDigitsByDefault() throws {
        let hash = try #require(SHA256Hash(bytes: (0..<32).map { UInt8(255 - $0 * 3) }))
        var buffer = ReportBuffer()
        buffer.appendHex(hash)
        #expect(buffer.string == hash.hex)
        #expect(hash.hex.count == 64)
    }

    @Test(arguments: [
        ("", ""),
        ("plain text", "plain text"),
        ("&<&", "&amp;&lt;&amp;"),
        ("<a & b<", "&lt;a &amp; b&lt;"),
        ("é<ü&", "é&lt;ü&amp;"),
        ("&", "&amp;"),
    ])
    func bufferEscapesTheBytesItIsAskedTo(text: String, escaped: String) {
        var buffer = ReportBuffer()
        buffer.append("[")
        buffer.append(
            text, escaping: { $0 == UInt8(ascii: "&") || $0 == UInt8(ascii: "<") },
            marks: { ByteWords.equal($0, UInt8(ascii: "&")) | ByteWords.equal($0, UInt8(ascii: "<")) },
            with: { byte, out in out.append(byte == UInt8(ascii: "&") ? "&amp;" : "&lt;") })
        buffer.append("]")
        #expect(buffer.string == "[" + escaped + "]")
    }

    @Test func bufferMovesItsBytesOnlyOnceTheThresholdIsReached() {
        var buffer = ReportBuffer()
        var stream = RecordingStream()
        buffer.append("12345")
        buffer.move(to: &stream, atLeast: 6)
        #expect(stream.pieces.isEmpty && !buffer.isEmpty)
        buffer.append("6")
        buffer.move(to: &stream, atLeast: 6)
        #expect(stream.pieces == ["123456"] && buffer.isEmpty)
        buffer.move(to: &stream)  // Nothing to move: no empty piece.
        #expect(stream.pieces == ["123456"])
    }

    // MARK: Text reports are safe on a terminal

    /// Extends `ReportRendererTests.textRendererNeutralizesTerminalControlCharacters` (an escape sequence in a
    /// summary) to a source, a quote, an evidence note and an assessment, with C1 controls, DEL, tabs and line
    /// breaks.
    @Test func textRendererShowsEveryControlCharacterAsReplacementAndLineBreaksAsSpaces() throws {
        let (store, _) = try smallLedger()
        let source = try store.addSource(
            bytes: Array("Alice said the bridge will be fixed by June. Then nothing happened at all.".utf8),
            metadata: SourceMetadata(title: "News title", publisher: "Gazette", publishedOn: try date("2024-01-10"))
        ).source.ref
        let commitment = try store.logCommitment(CommitmentDraft(
            promisors: [slug("alice")], source: source, quote: "the bridge will be fixed by June", summary: "Bridge")).ref
        let evidence = try store.attachEvidence(EvidenceDraft(
            commitment: commitment, source: source, quote: "Then nothing happened", stance: .contradicts,
            observedOn: try date("2024-02-01"), note: "Note")).ref
        _ = try store.assess(AssessmentDraft(
            commitment: commitment, status: .stalled, evidence: [evidence], rationale: "Nothing",
            effectiveOn: try date("2024-02-02")))
        var report = try store.complianceReport(asOf: date("2024-03-01"))
        // Actions refuse control characters, and canonical source text holds no CR; an imported ledger may hold
        // any of them, so they go into the report itself.
        report.commitments[0].summary = "Bridge \u{1B}[31mred\u{1B}[0m\tnow\u{7F}, \u{9B}31m too"
        for index in report.commitments[0].contradicting.indices {
            report.commitments[0].contradicting[index].quote.title = "News \u{1B}]0;pwned\u{07} title"
            report.commitments[0].contradicting[index].quote.publisher = "Gazette\u{9B}2J"
        }
        report.commitments[0].contradicting[0].note = "Note\r\nwith\u{1B}[2J\u{85}breaks"
        report.commitments[0].latestAssessment?.rationale = "Nothing\r\nhappened\u{9F}yet\u{7F}."
        report.commitments[0].quote.title = "News \u{1B}]0;pwned\u{07} title"
        report.commitments[0].quote.publisher = "Gazette\u{9B}2J"
        report.commitments[0].quote.prefix = "Alice\u{1B}[1m said\t"
        report.commitments[0].quote.exact = "the bridge\r\nwill be\u{9B}fixed\u{7F}\nby\tJune"
        report.commitments[0].quote.suffix = ".\r\nThen\u{0C}"

        let text = TextReportRenderer().render(report)
        let bytes = Array(text.utf8)
        #expect(!bytes.contains { $0 < 0x20 && $0 != 0x0A }, "a C0 control other than LF")
        #expect(!bytes.contains(0x7F), "DEL")
        let c1 = zip(bytes, bytes.dropFirst()).contains { $0 == 0xC2 && (0x80...0x9F).contains($1) }
        #expect(!c1, "a C1 control")
        #expect(!text.unicodeScalars.contains { (0x80...0x9F).contains($0.value) })

        // Every control is shown as U+FFFD, one per control, in place.
        #expect(text.contains("Bridge \u{FFFD}[31mred\u{FFFD}[0m"))
        #expect(text.contains("now\u{FFFD}, \u{FFFD}31m too"))
        #expect(text.contains("News \u{FFFD}]0;pwned\u{FFFD} title"))
        #expect(text.contains("Gazette\u{FFFD}2J"))
        #expect(text.contains("with\u{FFFD}[2J\u{FFFD}breaks"))
        #expect(text.contains("happened\u{FFFD}yet\u{FFFD}."))

        // Line breaks and tabs inside a paragraph separate words: the words are all there, wrapped.
        let words = text.split(whereSeparator: { $0 == " " || $0 == "\n" }).joined(separator: " ")
        #expect(words.contains("“…Alice\u{FFFD}[1m said «the bridge will be\u{FFFD}fixed\u{FFFD} by June». Then\u{FFFD}…”"))
        #expect(words.contains("Note with\u{FFFD}[2J"))
        #expect(words.contains("Nothing happened\u{FFFD}yet"))
        #expect(words.contains("Bridge \u{FFFD}[31mred\u{FFFD}[0m now\u{FFFD}"))
        // A line break in a quote does not end the line early: the quote's words share a line.
        #expect(text.contains("«the bridge will be\u{FFFD}fixed\u{FFFD} by June»"))
    }
}
