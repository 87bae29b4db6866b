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
    /// Where chunks gather while they may still go straight to storage; `nil` once they go through `buffer`.
    private var direct: DirectChunk?
    private var failure: (any Error)?

    /// Creates an output that writes to `handle`, which the caller opens and closes; with `terminalSafe`, one
    /// that shows control and directional formatting characters as U+FFFD (see ``TerminalSafety/safe(_:)``),
    /// for a terminal.
    ///
    /// With `bypassingPageCache`, an output of at least a chunk that goes to a regular file is written
    /// straight to storage (`O_DIRECT` on Linux), when the file system allows it. A report of a gigabyte
    /// then costs the system no copy into the page cache, and leaves no gigabyte of dirty pages for the
    /// `fsync` before the file takes its place. A smaller output, or one the system refuses to write that
    /// way, is written as usual.
    public init(
        handle: FileHandle, chunkSize: Int = ChunkedFileOutput.defaultChunkSize, terminalSafe: Bool = false,
        bypassingPageCache: Bool = false
    ) {
        self.handle = handle
        self.chunkSize = max(1, chunkSize)
        self.terminalSafe = terminalSafe
        if bypassingPageCache, DirectChunk.isSupported(for: handle.fileDescriptor) {
            direct = DirectChunk(capacity: self.chunkSize)
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

    /// Whether chunks are going straight to storage now; see ``init(handle:chunkSize:terminalSafe:bypassingPageCache:)``.
    var isWritingDirectly: Bool {
        direct?.isOn ?? false
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

    /// Writes all of `bytes`, or keeps the first failure. A write straight to storage that the system refuses
    /// (`EINVAL`: a file system that takes the flag but not the write) goes on as an ordinary write.
    private func writeAll(_ bytes: UnsafeRawBufferPointer) {
        guard failure == nil else { return }
        let descriptor = handle.fileDescriptor
        var written = 0
        while written < bytes.count {
            let result = systemWrite(descriptor, bytes.baseAddress.map { $0 + written }, bytes.count - written)
            if result < 0, errno == EINTR { continue }
            if result < 0, errno == EINVAL, let chunk = direct, chunk.isOn {
                chunk.turnOff(for: descriptor)
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

// MARK: Writing straight to storage

extension ChunkedFileOutput {
    /// Copies `bytes` into the aligned chunk, writing each chunk as it fills: the first full chunk turns
    /// direct writes on, so they start at offset zero and go on in whole pages. Once the system refuses
    /// them, the chunk goes and the rest is written as usual.
    private func gatherDirect(_ bytes: UnsafeRawBufferPointer) {
        var rest = bytes[...]
        while let chunk = direct, !rest.isEmpty {
            rest = rest.dropFirst(chunk.gather(UnsafeRawBufferPointer(rebasing: rest)))
            guard chunk.isFull else { continue }
            if !chunk.isOn {
                chunk.turnOn(for: handle.fileDescriptor)
            }
            writeAll(chunk.bytes)
            chunk.empty()
            if !chunk.isOn {
                direct = nil
            }
        }
        if !rest.isEmpty {
            append(UnsafeRawBufferPointer(rebasing: rest))
        }
    }

    /// Writes the last, partial chunk: its whole pages straight to storage, and its tail as usual.
    private func finishDirect() {
        guard let chunk = direct else { return }
        let pages = chunk.isOn ? chunk.bytes.count / DirectChunk.alignment * DirectChunk.alignment : 0
        writeAll(UnsafeRawBufferPointer(rebasing: chunk.bytes.prefix(pages)))
        chunk.turnOff(for: handle.fileDescriptor)
        writeAll(UnsafeRawBufferPointer(rebasing: chunk.bytes.dropFirst(pages)))
        direct = nil
    }
}

/// The aligned memory a chunk gathers in while the chunks may go straight to storage, and whether they do.
private final class DirectChunk {
    /// What direct writes align their memory, offsets and lengths to: a page, which is a whole number of
    /// blocks on every common device.
    static let alignment = 4096

    /// `O_DIRECT`, which the Glibc module does not import (glibc defines it only for `_GNU_SOURCE`); the
    /// values are the kernel's, from each architecture's `fcntl.h`.
    #if os(Linux) && (arch(x86_64) || arch(i386))
    private static let directFlag: Int32? = 0o40000
    #elseif os(Linux) && (arch(arm64) || arch(arm))
    private static let directFlag: Int32? = 0o200000
    #else
    private static let directFlag: Int32? = nil
    #endif

    private let memory: UnsafeMutableRawBufferPointer
    private var count = 0
    /// Whether the descriptor has `O_DIRECT` set.
    private(set) var isOn = false

    /// Whether `descriptor` is a regular file on a system that can write to it directly.
    static func isSupported(for descriptor: Int32) -> Bool {
        var status = stat()
        return directFlag != nil && fstat(descriptor, &status) == 0 && status.st_mode & 0o170000 == 0o100000
    }

    /// A chunk of at least `capacity` bytes, in whole pages.
    init(capacity: Int) {
        let pages = (capacity + Self.alignment - 1) / Self.alignment
        memory = .allocate(byteCount: pages * Self.alignment, alignment: Self.alignment)
    }

    deinit {
        memory.deallocate()
    }

    var bytes: UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: memory.prefix(count))
    }

    var isFull: Bool { count == memory.count }

    /// Copies as much of `bytes` as fits, and returns how much that was.
    func gather(_ bytes: UnsafeRawBufferPointer) -> Int {
        let taken = min(bytes.count, memory.count - count)
        UnsafeMutableRawBufferPointer(rebasing: memory[count..<(count + taken)])
            .copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes.prefix(taken)))
        count += taken
        return taken
    }

    func empty() {
        count = 0
    }

    /// Sets `O_DIRECT` on `descriptor`, unless the file system refuses it (tmpfs, say).
    func turnOn(for descriptor: Int32) {
        guard let directFlag = Self.directFlag else { return }
        let flags = fcntl(descriptor, F_GETFL)
        isOn = flags >= 0 && fcntl(descriptor, F_SETFL, flags | directFlag) == 0
    }

    /// Clears `O_DIRECT` again, for writes of any length at any offset.
    func turnOff(for descriptor: Int32) {
        guard isOn, let directFlag = Self.directFlag else { return }
        let flags = fcntl(descriptor, F_GETFL)
        if flags >= 0 {
            _ = fcntl(descriptor, F_SETFL, flags & ~directFlag)
        }
        isOn = false
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
