#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writing a file without the page cache: `O_DIRECT` on Linux, set and cleared on an open descriptor.
///
/// Direct writes must start at offsets, and have lengths and memory addresses, that are multiples of the
/// file system's alignment; one that is not is refused (`EINVAL`), as is the flag itself on a file system
/// without direct I/O. Callers fall back to ordinary writes either way.
enum DirectIO {
    /// What direct writes align their memory, offsets and lengths to: 4096 bytes, a whole number of logical
    /// blocks on common devices. A file system that needs more refuses the writes, and the caller falls back.
    static let alignment = 4096

    /// `O_DIRECT`, which the Glibc module does not import (glibc defines it only for `_GNU_SOURCE`); the
    /// values are the kernel's, from each architecture's `fcntl.h`. `nil` elsewhere: no direct writes there.
    #if os(Linux) && (arch(x86_64) || arch(i386))
    private static let flag: Int32? = 0o40000
    #elseif os(Linux) && (arch(arm64) || arch(arm))
    private static let flag: Int32? = 0o200000
    #else
    private static let flag: Int32? = nil
    #endif

    /// Whether `descriptor` is a regular file, on a system that can write one directly. (A pipe takes the
    /// flag too, but for another meaning: packets.)
    static func isPossible(on descriptor: Int32) -> Bool {
        var status = stat()
        return flag != nil && fstat(descriptor, &status) == 0 && status.st_mode & 0o170000 == 0o100000
    }

    /// Sets `O_DIRECT` on `descriptor`; false when the system refuses it (tmpfs before Linux 6.6, say).
    static func enable(on descriptor: Int32) -> Bool {
        guard let flag else { return false }
        let flags = fcntl(descriptor, F_GETFL)
        return flags >= 0 && fcntl(descriptor, F_SETFL, flags | flag) == 0
    }

    /// Clears `O_DIRECT` on `descriptor`, for writes of any length at any offset.
    static func disable(on descriptor: Int32) {
        guard let flag else { return }
        let flags = fcntl(descriptor, F_GETFL)
        if flags >= 0 {
            _ = fcntl(descriptor, F_SETFL, flags & ~flag)
        }
    }

    /// Whether a write failed with `code` because it was direct — misaligned, or on a file system that takes
    /// the flag but not the write — so that it may be tried again as an ordinary write.
    static func refused(_ code: Int32) -> Bool {
        code == EINVAL || code == EOPNOTSUPP || code == ENOTSUP
    }
}

/// Memory aligned for direct writes, in which a file's chunk gathers.
final class AlignedChunk {
    private let memory: UnsafeMutableRawBufferPointer
    private var count = 0

    /// A chunk of at least `capacity` bytes, in whole multiples of ``DirectIO/alignment``.
    init(capacity: Int) {
        let blocks = (max(1, capacity) + DirectIO.alignment - 1) / DirectIO.alignment
        memory = .allocate(byteCount: blocks * DirectIO.alignment, alignment: DirectIO.alignment)
    }

    deinit {
        memory.deallocate()
    }

    /// The bytes gathered; valid until the next call that changes the chunk.
    var bytes: UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: memory.prefix(count))
    }

    var isFull: Bool { count == memory.count }

    /// How many of the gathered bytes make whole aligned blocks.
    var alignedCount: Int { count / DirectIO.alignment * DirectIO.alignment }

    /// Copies as much of `bytes` as fits, and returns how much that was.
    func gather(_ bytes: UnsafeRawBufferPointer) -> Int {
        let taken = min(bytes.count, memory.count - count)
        UnsafeMutableRawBufferPointer(rebasing: memory[count..<(count + taken)])
            .copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes.prefix(taken)))
        count += taken
        return taken
    }

    /// Forgets the bytes gathered, once they are written.
    func reset() {
        count = 0
    }
}
