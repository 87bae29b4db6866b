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
    private var failure: (any Error)?

    /// Creates an output that writes to `handle`, which the caller opens and closes; with `terminalSafe`, one
    /// that shows control and directional formatting characters as U+FFFD (see ``TerminalSafety/safe(_:)``),
    /// for a terminal.
    public init(handle: FileHandle, chunkSize: Int = ChunkedFileOutput.defaultChunkSize, terminalSafe: Bool = false) {
        self.handle = handle
        self.chunkSize = max(1, chunkSize)
        self.terminalSafe = terminalSafe
        buffer.reserveCapacity(self.chunkSize + 4096)
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
    /// gigabyte-sized report would otherwise be copied twice on its way to the file.
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
        guard bytes.count >= min(chunkSize, 1 << 16) else {
            append(bytes)
            return
        }
        flush()
        writeAll(UnsafeRawBufferPointer(bytes))
    }

    /// Writes what is left, and throws the first error any write met.
    public func finish() throws {
        flush()
        if let failure {
            throw failure
        }
    }

    private func append(_ bytes: some Collection<UInt8>) {
        guard failure == nil else { return }
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

    /// Writes all of `bytes`, or keeps the first failure.
    private func writeAll(_ bytes: UnsafeRawBufferPointer) {
        guard failure == nil else { return }
        let descriptor = handle.fileDescriptor
        var written = 0
        while written < bytes.count {
            let result = systemWrite(descriptor, bytes.baseAddress.map { $0 + written }, bytes.count - written)
            if result < 0, errno == EINTR { continue }
            guard result > 0 else {
                failure = WriteFailure(code: result < 0 ? errno : ENOSPC)
                return
            }
            written += result
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
