import Foundation
import PledgerKit

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where a command's `-o FILE` output goes, and how it gets there without harming what is already at the path.
///
/// - A new file, or an existing regular file, is written through a temporary file beside it, renamed into
///   place when complete: a failed write leaves any earlier file as it was and no partial one — nor does
///   Ctrl-C (see ``InterruptCleanup``). A file replaced keeps its permissions, but it is a new file: other
///   hard links to the old one keep the old contents, and its folder must be writable. A symbolic link is
///   followed, and the file it names is replaced; the link stays.
/// - A FIFO or a device (`/dev/stdout`, a `>(…)` process substitution) is written straight through.
/// - A folder, an SQLite database (a ledger, most likely) and the files SQLite keeps beside one are refused:
///   a mistyped `-o` must never destroy a ledger.
/// - A file its owner made read-only is refused, by root too (see ``isWriteProtected(mode:writable:)``).
enum OutputFile {
    /// Writes `what` (such as "the report") with `write` to `path`, or to standard output when `path` is
    /// `nil`. Errors from `write` itself (a ledger that cannot be read) pass through as they are; a failed
    /// write becomes one message that says what to do.
    static func write(_ what: String, to path: String?, _ write: (inout ChunkedFileOutput) throws -> Void) throws {
        // The stream's own writes never throw (see `ChunkedFileOutput.finish()`): what `write` throws is the
        // content's failure, and is kept apart from the output's.
        func content(_ output: inout ChunkedFileOutput) throws {
            do {
                try write(&output)
            } catch {
                throw ContentFailure(error: error)
            }
        }
        guard let path else {
            // On a terminal, no format may pass on an escape sequence a ledger holds; the text report is safe
            // anyway, but Markdown, HTML, JSON and CSV keep the ledger's characters.
            var stdout = ChunkedFileOutput(handle: .standardOutput, terminalSafe: Output.stdoutIsTerminal)
            try write(&stdout)
            do {
                try stdout.finish()
            } catch {
                throw PledgerError.invalidInput("cannot write \(what) to standard output: \(error)")
            }
            return
        }
        do {
            switch try destination(of: path, writing: what) {
            case .file(let resolved, let keptMode):
                try replaceAtomically(resolved, keeping: keptMode, content)
            case .stream:
                try writeThrough(path, content)
            }
        } catch let failure as ContentFailure {
            throw failure.error
        } catch let error as PledgerError {
            throw error
        } catch {
            throw PledgerError.invalidInput("cannot write \(what) to \(path): \(error); \(remedy(for: error))")
        }
    }

    /// An error the content's writer threw — reading the ledger, say — rather than the output: passed on as
    /// it is, never blamed on the output path.
    private struct ContentFailure: Error {
        var error: any Error
    }

    /// Refuses `path` now, before any work, when a write of `what` to it would be refused (see ``OutputFile``),
    /// or could not reach its folder.
    static func checkDestination(_ path: String, writing what: String) throws {
        _ = try destination(of: path, writing: what)
    }

    private enum Destination {
        /// A regular file at this path (symbolic links resolved), with the permissions a replacement keeps:
        /// those of the file there, but not its setuid or setgid bits; `nil` when there is none yet.
        case file(String, keptMode: mode_t?)
        /// A FIFO, a device or a socket: written through.
        case stream
    }

    /// What `path` names, after following symbolic links; refuses the paths output must not replace, and a
    /// path whose folder does not exist (naming `what` would have been written).
    private static func destination(of path: String, writing what: String) throws -> Destination {
        guard !path.isEmpty, !path.hasSuffix("/") else {
            throw PledgerError.invalidInput("'\(path)' names no file; pass the path of a file to write, such as report.html")
        }
        var status = stat()
        guard stat(path, &status) == 0 else {
            let reason = errno
            var link = stat()
            if reason == ENOENT, lstat(path, &link) == 0 {
                throw PledgerError.invalidInput(
                    "\(path) is a symbolic link to a file that does not exist; pass the path to write instead")
            }
            if reason == ENOTDIR {
                throw PledgerError.invalidInput("a part of \(path) before its last / is a file, not a folder; pass another path")
            }
            try refuseDatabase(path, path)  // A ledger's -wal or -shm file may not exist between uses.
            if reason == ENOENT, !LedgerFiles.folder(of: path).exists {
                throw PledgerError.invalidInput(
                    "cannot write \(what) to \(path): \(String(cString: strerror(ENOENT))) (its folder); \(remedy(for: WriteFailure(code: ENOENT)))")
            }
            return .file(path, keptMode: nil)  // Nothing there yet; or the write says why it cannot be reached.
        }
        switch status.st_mode & fileTypeMask {
        case directoryType:
            throw PledgerError.invalidInput("\(path) is a folder; pass the path of a file to write")
        case regularFileType:
            let resolved = realpath(path, nil).map { pointer in
                defer { free(pointer) }
                return String(cString: pointer)
            } ?? path
            try refuseDatabase(resolved, path)
            // Replacing goes through the folder, not the file: respect a file its owner made read-only.
            guard !isWriteProtected(mode: status.st_mode, writable: access(resolved, W_OK) == 0) else {
                throw PledgerError.invalidInput("\(path) is write-protected; make it writable, or pass another output path")
            }
            return .file(resolved, keptMode: status.st_mode & 0o777)
        default:
            return .stream
        }
    }

    /// Whether a file with `mode`, which this user `writable`-ly may or may not write, is one `-o` must not
    /// replace: one this user may not write, or one with no write permission for anyone. Root may write any
    /// file, so the mode bits are checked as well, to respect a file its owner made read-only with
    /// `chmod a-w`.
    static func isWriteProtected(mode: mode_t, writable: Bool) -> Bool {
        !writable || mode & 0o222 == 0
    }

    /// Refuses `resolved` (named `path` on the command line) when it is an SQLite database or one of its files.
    private static func refuseDatabase(_ resolved: String, _ path: String) throws {
        guard !LedgerFiles.isDatabaseOrCompanion(at: resolved) else {
            throw PledgerError.conflict(
                "\(path) is an SQLite database or one of its files, likely a ledger; it was left as it is — pass another output path")
        }
    }

    /// `S_IFMT` and the two file types it tells apart here (POSIX values; the macros do not import into Swift).
    private static let fileTypeMask: mode_t = 0o170000
    private static let directoryType: mode_t = 0o040000
    private static let regularFileType: mode_t = 0o100000

    /// Writes a new file beside `path` and renames it into place, with `keptMode` (an export may hold notes its
    /// owner made private).
    private static func replaceAtomically(
        _ path: String, keeping keptMode: mode_t?, _ write: (inout ChunkedFileOutput) throws -> Void
    ) throws {
        let target = URL(filePath: path)
        // A new name no one can guess, created exclusively: a planted file or symlink makes this fail rather
        // than be written through.
        let temporary = target.deletingLastPathComponent()
            .appending(path: ".\(target.lastPathComponent).\(UUID().uuidString).partial")
        try InterruptCleanup.removing(temporary.path) {
            let descriptor = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
            guard descriptor >= 0 else {
                throw WriteFailure(code: errno)
            }
            defer { unlink(temporary.path) }
            if let keptMode, fchmod(descriptor, keptMode) != 0 {
                throw WriteFailure(code: errno)
            }
            let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
            var stream = ChunkedFileOutput(handle: handle, bypassingPageCache: true)
            try write(&stream)
            try stream.finish()
            guard fsync(descriptor) == 0 else {  // On disk before it takes the earlier file's place.
                throw WriteFailure(code: errno)
            }
            try handle.close()
            guard rename(temporary.path, target.path) == 0 else {
                throw WriteFailure(code: errno)
            }
        }
    }

    private static func writeThrough(_ path: String, _ write: (inout ChunkedFileOutput) throws -> Void) throws {
        let descriptor = open(path, O_WRONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw WriteFailure(code: errno)
        }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        var stream = ChunkedFileOutput(handle: handle, terminalSafe: isatty(descriptor) != 0)  // -o /dev/tty
        try write(&stream)
        try stream.finish()
        try handle.close()
    }

    /// What to do about a failed write of an output file.
    private static func remedy(for error: any Error) -> String {
        switch (error as? WriteFailure)?.code {
        case ENOENT, ENOTDIR: "create its folder first, or pass another -o path"
        case EACCES, EPERM, EROFS: "pass an -o path in a folder you may write to"
        case ENOSPC, EDQUOT, EFBIG: "free some space, or pass an -o path on another disk"
        default: "pass another -o path"
        }
    }
}
