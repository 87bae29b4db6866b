import Foundation

/// Reads a file or pipe line by line in fixed-size chunks, so that memory does not grow with the input.
///
/// Lines are split on LF; a CR before the LF is kept (JSON Lines forbids neither, and canonical entries never
/// contain one). The last line need not end in LF.
public struct LineReader: Sequence, IteratorProtocol {
    /// The longest line accepted; a longer one ends the sequence with ``tooLong`` set.
    public static let maximumLineLength = 128 << 20

    private let handle: FileHandle
    private let chunkSize: Int
    private var buffer: [UInt8] = []
    /// Where the unread part of `buffer` starts; consumed bytes are dropped only when the buffer is refilled.
    private var readStart = 0
    private var searchStart = 0
    private var isAtEnd = false
    /// The 1-based number of the last line returned.
    public private(set) var lineNumber = 0
    /// Whether reading stopped at a line longer than ``maximumLineLength``.
    public private(set) var tooLong = false

    /// Reads from `handle`, `chunkSize` bytes at a time.
    public init(handle: FileHandle, chunkSize: Int = 1 << 20) {
        self.handle = handle
        self.chunkSize = chunkSize
    }

    /// The next line without its LF, or `nil` at the end of the input.
    public mutating func next() -> [UInt8]? {
        while true {
            if let newline = buffer[searchStart...].firstIndex(of: UInt8(ascii: "\n")) {
                let line = Array(buffer[readStart..<newline])
                readStart = newline + 1
                searchStart = readStart
                lineNumber += 1
                return line
            }
            searchStart = buffer.count
            if buffer.count - readStart > Self.maximumLineLength {
                tooLong = true
                return nil
            }
            if isAtEnd {
                guard readStart < buffer.count else { return nil }
                let line = Array(buffer[readStart...])
                buffer = []
                readStart = 0
                searchStart = 0
                lineNumber += 1
                return line
            }
            let chunk = handle.readData(ofLength: chunkSize)
            if chunk.isEmpty {
                isAtEnd = true
            } else {
                buffer.removeFirst(readStart)
                searchStart -= readStart
                readStart = 0
                buffer.append(contentsOf: chunk)
            }
        }
    }
}
