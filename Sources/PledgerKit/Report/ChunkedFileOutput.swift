import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A text output stream that writes UTF-8 to a file handle in large chunks, so that a report of any size is
/// written while it is rendered instead of being built whole in memory first.
///
/// Every report renderer writes to an `inout some TextOutputStream`: a `String` in memory, or one of these for
/// a file or stdout. `TextOutputStream.write(_:)` cannot throw, so the first write error is kept, later writes
/// are dropped, and ``finish()`` throws it.
public final class ChunkedFileOutput: TextOutputStream {
    /// The number of bytes gathered before they are written: large enough that the system call is rare.
    public static let defaultChunkSize = 1 << 20

    private let handle: FileHandle
    private let chunkSize: Int
    private let terminalSafe: Bool
    private var buffer: [UInt8] = []
    /// Where chunks gather while they may still bypass the page cache; `nil` once they go through `buffer`.
    private var direct: AlignedChunk?
    /// Whether the descriptor has `O_DIRECT` set now.
    private(set) var isWritingDirectly = false
    private var failure: (any Error)?

    /// Creates an output that writes to `handle`, which the caller opens and closes; with `terminalSafe`, one
    /// that shows control and directional formatting characters as U+FFFD (see ``TerminalSafety/safe(_:)``),
    /// for a terminal.
    ///
    /// With `bypassingPageCache`, an output of at least a chunk to a regular file is written without the
    /// page cache (`O_DIRECT`, on Linux for x86 and ARM), from its first byte, when the file system allows
    /// it. A report of a gigabyte then costs the system no copy into the page cache, and leaves no gigabyte
    /// of dirty pages for the `fsync` before the file takes its place; durability still needs that `fsync`.
    /// To that end this output sets `O_DIRECT` on the descriptor at its first full chunk and clears it again
    /// in ``finish()`` (or when it is freed unfinished). Every byte is then copied into aligned memory
    /// first, and a handle not at an aligned offset, or a file system that refuses, is written as usual. A
    /// smaller output is written as usual too.
    public init(
        handle: FileHandle, chunkSize: Int = ChunkedFileOutput.defaultChunkSize, terminalSafe: Bool = false,
        bypassingPageCache: Bool = false
    ) {
        self.handle = handle
        self.chunkSize = max(1, chunkSize)
        self.terminalSafe = terminalSafe
        if bypassingPageCache, DirectIO.isPossible(on: handle.fileDescriptor) {
            direct = AlignedChunk(capacity: self.chunkSize)
        } else {
            buffer.reserveCapacity(self.chunkSize + 4096)
        }
    }

    /// Appends `string`'s UTF-8 bytes, writing a chunk when enough have gathered.
    public func write(_ string: String) {
        if terminalSafe {
            append(TerminalSafety.safe(string.utf8))
        } else {
            append(string.utf8)
        }
    }

    /// Appends UTF-8 bytes, writing a chunk when enough have gathered. A run of at least 64 KiB (or of a
    /// chunk, when chunks are smaller) is written as it is, after what had gathered, rather than copied into
    /// the chunk first: a renderer hands over a batch of commitments at a time, and each byte of a
    /// gigabyte-sized report would otherwise be copied twice on its way to the file. (An output that
    /// bypasses the page cache copies every byte into its aligned chunk, which the kernel then reads
    /// straight from.)
    public func write(utf8 bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer(write(utf8:))
    }

    /// Appends UTF-8 bytes, as ``write(utf8:)-([UInt8])`` does.
    func write(utf8 bytes: UnsafeBufferPointer<UInt8>) {
        if terminalSafe {
            let safe = TerminalSafety.safe(bytes)
            safe.withUnsafeBufferPointer(writeSafe)
        } else {
            writeSafe(bytes)
        }
    }

    /// Appends bytes that are safe as they are, or writes them straight away when they are many.
    private func writeSafe(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard failure == nil else { return }
        if direct != nil {
            gatherDirect(UnsafeRawBufferPointer(bytes))
            return
        }
        guard bytes.count >= min(chunkSize, 1 << 16) else {
            append(bytes)
            return
        }
        flush()
        writeAll(UnsafeRawBufferPointer(bytes))
    }

    deinit {
        if isWritingDirectly {  // Unfinished: the descriptor may outlive this output.
            DirectIO.disable(on: handle.fileDescriptor)
        }
    }

    /// Writes what is left, and throws the first error any write met.
    public func finish() throws {
        finishDirect()
        flush()
        if let failure {
            throw failure
        }
    }

    private func append(_ bytes: some Collection<UInt8>) {
        guard failure == nil else { return }
        if direct != nil {
            if bytes.withContiguousStorageIfAvailable({ gatherDirect(UnsafeRawBufferPointer($0)) }) == nil {
                Array(bytes).withUnsafeBytes(gatherDirect)
            }
            return
        }
        buffer.append(contentsOf: bytes)
        if buffer.count >= chunkSize {
            flush()
        }
    }

    private func flush() {
        guard failure == nil, !buffer.isEmpty else { return }
        buffer.withUnsafeBytes(writeAll)
        buffer.removeAll(keepingCapacity: true)
    }

    /// Writes all of `bytes`, or keeps the first failure. A direct write that the system refuses (see
    /// ``DirectIO/refused(_:)``) goes on as an ordinary write, and so do the writes after it.
    private func writeAll(_ bytes: UnsafeRawBufferPointer) {
        guard failure == nil else { return }
        let descriptor = handle.fileDescriptor
        var written = 0
        while written < bytes.count {
            let result = systemWrite(descriptor, bytes.baseAddress.map { $0 + written }, bytes.count - written)
            if result < 0, errno == EINTR { continue }
            if result < 0, isWritingDirectly, DirectIO.refused(errno) {
                stopWritingDirectly()
                continue
            }
            guard result > 0 else {
                failure = WriteFailure(code: result < 0 ? errno : ENOSPC)
                return
            }
            written += result
        }
    }
}

// MARK: Writing without the page cache

extension ChunkedFileOutput {
    /// Copies `bytes` into the aligned chunk, writing each chunk as it fills. The first full chunk turns
    /// direct writes on, so they go on from where the file stands — offset zero for a new file — in whole
    /// aligned blocks. Once the system refuses them, the chunk goes and the rest is written as usual.
    private func gatherDirect(_ bytes: UnsafeRawBufferPointer) {
        var rest = bytes[...]
        while let chunk = direct, !rest.isEmpty {
            rest = rest.dropFirst(chunk.gather(UnsafeRawBufferPointer(rebasing: rest)))
            guard chunk.isFull else { continue }
            if !isWritingDirectly {
                isWritingDirectly = DirectIO.enable(on: handle.fileDescriptor)
            }
            writeAll(chunk.bytes)
            chunk.reset()
            if !isWritingDirectly {
                direct = nil
            }
        }
        if !rest.isEmpty {
            append(UnsafeRawBufferPointer(rebasing: rest))
        }
    }

    /// Writes the last, partial chunk: its whole aligned blocks directly, and its tail as usual.
    private func finishDirect() {
        guard let chunk = direct else { return }
        let aligned = isWritingDirectly ? chunk.alignedCount : 0
        writeAll(UnsafeRawBufferPointer(rebasing: chunk.bytes.prefix(aligned)))
        stopWritingDirectly()
        writeAll(UnsafeRawBufferPointer(rebasing: chunk.bytes.dropFirst(aligned)))
        direct = nil
    }

    /// Clears `O_DIRECT`, when it is set: what follows is written as usual.
    private func stopWritingDirectly() {
        if isWritingDirectly {
            DirectIO.disable(on: handle.fileDescriptor)
            isWritingDirectly = false
        }
    }
}

/// write(2); at file scope, where the name is not shadowed by `ChunkedFileOutput.write(_:)`.
private func systemWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer?, _ count: Int) -> Int {
    write(descriptor, bytes, count)
}

/// A write to a file or stream that the system refused, with its reason.
public struct WriteFailure: Error, Hashable, Sendable, CustomStringConvertible {
    /// The `errno` value, such as `ENOSPC`.
    public var code: Int32

    /// Creates the failure for an `errno` value.
    public init(code: Int32) {
        self.code = code
    }

    /// The system's description of the reason, such as "No space left on device".
    public var description: String {
        String(cString: strerror(code))
    }
}
