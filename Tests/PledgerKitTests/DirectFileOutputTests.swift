import Foundation
import PledgerTestSupport
import Testing

@testable import PledgerKit

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `ChunkedFileOutput(bypassingPageCache: true)`, which `pledger report -o` writes through: from its first
/// full chunk a regular file is written without the page cache, and the bytes in the file are exactly those
/// given, wherever the system allows direct writes and wherever it does not.
@Suite struct DirectFileOutputTests {
    /// Whether the file system that holds scratch files lets a new file be written directly.
    private func directWritesAreAllowed() throws -> Bool {
        let probe = try ScratchFile()
        return DirectIO.isPossible(on: probe.handle.fileDescriptor) && DirectIO.enable(on: probe.handle.fileDescriptor)
    }

    /// Deterministic bytes of every value, so that a misplaced page shows.
    private func pattern(_ count: Int, seed: Int) -> [UInt8] {
        (0..<count).map { UInt8(truncatingIfNeeded: ($0 &* 31) ^ ($0 >> 9) ^ seed) }
    }

    /// Writes `total` bytes in pieces of many lengths — every third as a string of ASCII, the rest as runs
    /// of bytes, some longer than a chunk — and returns what the file holds, and the bytes given.
    private func written(total: Int, chunkSize: Int) throws -> (file: [UInt8], given: [UInt8]) {
        let file = try ScratchFile()
        let output = ChunkedFileOutput(handle: file.handle, chunkSize: chunkSize, bypassingPageCache: true)
        var given = pattern(total, seed: total)
        let lengths = [1, 4095, 3, 2 * chunkSize + 5, 700, 4096, 17, chunkSize]
        var start = 0
        var piece = 0
        while start < total {
            let range = start..<min(total, start + lengths[piece % lengths.count])
            if piece % 3 == 0 {
                for index in range { given[index] &= 0x7F }
                output.write(String(decoding: given[range], as: UTF8.self))
            } else {
                output.write(utf8: Array(given[range]))
            }
            start = range.upperBound
            piece += 1
        }
        try output.finish()
        return (try file.bytes(), given)
    }

    @Test(arguments: [0, 1, 4095, 4096, 4097, 8191, 8192, 8193, 3 * 8192 + 17, 100_003, 262_144])
    func everyByteGivenReachesTheFileInOrder(total: Int) throws {
        let (file, given) = try written(total: total, chunkSize: 8192)
        #expect(file.count == given.count)
        #expect(firstDifference(file, given) == nil)
    }

    @Test func aChunkSizeThatIsNotWholePagesStillWritesEveryByte() throws {
        let (file, given) = try written(total: 50_001, chunkSize: 5_000)
        #expect(firstDifference(file, given) == nil)
    }

    @Test func directWritesBeginAtTheFirstFullChunkAndEndWithFinish() throws {
        let file = try ScratchFile()
        let output = ChunkedFileOutput(handle: file.handle, chunkSize: 4096, bypassingPageCache: true)
        output.write(utf8: pattern(3_000, seed: 1))
        #expect(!output.isWritingDirectly, "a report smaller than a chunk is written as usual")
        #expect(try file.bytes().isEmpty)
        output.write(utf8: pattern(2_000, seed: 2))
        #expect(output.isWritingDirectly == (try directWritesAreAllowed()))
        #expect(try file.bytes() == Array((pattern(3_000, seed: 1) + pattern(2_000, seed: 2)).prefix(4096)))
        try output.finish()
        #expect(!output.isWritingDirectly)
        #expect(try file.bytes() == pattern(3_000, seed: 1) + pattern(2_000, seed: 2))
    }

    @Test func aFileNotAtAnAlignedOffsetIsWrittenAsUsualFromTheRefusedChunkOn() throws {
        let file = try ScratchFile(holding: "!")
        try file.handle.seekToEnd()  // Offset 1: a direct write from here is refused.
        let output = ChunkedFileOutput(handle: file.handle, chunkSize: 4096, bypassingPageCache: true)
        output.write(utf8: pattern(10_000, seed: 6))
        #expect(!output.isWritingDirectly)
        output.write(utf8: pattern(5_000, seed: 7))
        try output.finish()
        let expected = Array("!".utf8) + pattern(10_000, seed: 6) + pattern(5_000, seed: 7)
        #expect(firstDifference(try file.bytes(), expected) == nil)
        #expect(try file.bytes().count == expected.count)
    }

    @Test func anOutputFreedUnfinishedLeavesTheDescriptorWritableAsUsual() throws {
        let file = try ScratchFile()
        do {
            let output = ChunkedFileOutput(handle: file.handle, chunkSize: 4096, bypassingPageCache: true)
            output.write(utf8: pattern(5_000, seed: 8))  // One chunk written, maybe directly; no finish.
        }
        // An unaligned write through the same descriptor works: the flag went with the output.
        try file.handle.write(contentsOf: Data("tail".utf8))
        let bytes = try file.bytes()
        #expect(bytes.count == 4096 + 4)
        #expect(Array(bytes.suffix(4)) == Array("tail".utf8))
    }

    @Test func anOutputNotAskedToBypassThePageCacheNeverDoes() throws {
        let file = try ScratchFile()
        let output = ChunkedFileOutput(handle: file.handle, chunkSize: 4096)
        output.write(utf8: pattern(20_000, seed: 3))
        #expect(!output.isWritingDirectly)
        try output.finish()
        #expect(firstDifference(try file.bytes(), pattern(20_000, seed: 3)) == nil)
    }

    @Test func aPipeIsWrittenAsUsualWhenAskedToBypassThePageCache() throws {
        let pipe = Pipe()
        let output = ChunkedFileOutput(
            handle: pipe.fileHandleForWriting, chunkSize: 4096, bypassingPageCache: true)
        let bytes = pattern(10_000, seed: 4)  // Within the pipe's buffer: no reader needed while writing.
        output.write(utf8: bytes)
        #expect(!output.isWritingDirectly)
        try output.finish()
        try pipe.fileHandleForWriting.close()
        #expect(firstDifference(Array(pipe.fileHandleForReading.readDataToEndOfFile()), bytes) == nil)
    }

    @Test func finishThrowsWhenAFileWrittenDirectlyCannotBeWritten() throws {
        let file = try ScratchFile(holding: "earlier\n", forReading: true)
        let output = ChunkedFileOutput(handle: file.handle, chunkSize: 4096, bypassingPageCache: true)
        output.write(utf8: pattern(10_000, seed: 5))
        output.write("more")
        #expect(throws: WriteFailure.self) { try output.finish() }
        #expect(try file.bytes() == Array("earlier\n".utf8))
    }
}

/// A file in a fresh folder, open for writing (or only for reading); closed when the value goes.
private final class ScratchFile {
    private let directory: TemporaryDirectory  // Removed with the file.
    let handle: FileHandle
    private let path: String

    init(holding text: String = "", forReading: Bool = false) throws {
        directory = try TemporaryDirectory()
        path = try directory.write(text, to: "report.out")
        handle = try #require(forReading ? FileHandle(forReadingAtPath: path) : FileHandle(forWritingAtPath: path))
    }

    deinit {
        try? handle.close()
    }

    /// What the file holds now.
    func bytes() throws -> [UInt8] {
        Array(try Data(contentsOf: URL(filePath: path)))
    }
}
