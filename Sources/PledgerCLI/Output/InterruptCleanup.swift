import Dispatch
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Removes a temporary file when the process is interrupted while it writes it.
///
/// Ctrl-C on a long `pledger report -o FILE` must not leave a `.FILE.UUID.partial` file behind. While
/// ``removing(_:while:)`` runs its body, SIGINT, SIGTERM and SIGHUP remove the file and then end the process
/// by the same signal, with its default action — so the shell still sees an interrupted command (exit status
/// 130 for Ctrl-C). A signal the process ignores (SIGHUP under `nohup`, say) stays ignored. SIGKILL cannot
/// be caught; a killed report still leaves its partial file.
enum InterruptCleanup {
    /// The signals that interrupt a command and can be caught.
    static let signals: [Int32] = [SIGINT, SIGTERM, SIGHUP]

    /// Runs `body`; if one of ``signals`` arrives meanwhile, removes the file at `path` and ends the process
    /// by that signal.
    static func removing<Result>(_ path: String, while body: () throws -> Result) rethrows -> Result {
        var handled: [(signal: Int32, source: DispatchSourceSignal)] = []
        for signalNumber in signals {
            // Dispatch sees a signal only when its default action is off; one already ignored is left alone.
            let previous = signal(signalNumber, SIG_IGN)
            guard !isIgnore(previous) else { continue }
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler {
                unlink(path)
                endProcess(by: signalNumber)
            }
            source.resume()
            handled.append((signalNumber, source))
        }
        defer {
            for (signalNumber, source) in handled {
                source.cancel()
                signal(signalNumber, SIG_DFL)
            }
        }
        return try body()
    }

    /// Ends the process by `signalNumber` with its default action. Dispatch keeps the signals it watches
    /// blocked, so this thread unblocks it before raising it; exiting with the shell's 128 + N is the
    /// fallback.
    private static func endProcess(by signalNumber: Int32) -> Never {
        signal(signalNumber, SIG_DFL)
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, signalNumber)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
        raise(signalNumber)
        _exit(128 + signalNumber)
    }

    private static func isIgnore(_ handler: sighandler_t?) -> Bool {
        guard let handler else { return false }
        return unsafeBitCast(handler, to: Int.self) == unsafeBitCast(SIG_IGN, to: Int.self)
    }
}
