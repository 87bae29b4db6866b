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
/// 130 for Ctrl-C). A signal the process ignores (SIGHUP under `nohup`, say) stays ignored, and each signal's
/// earlier handler is put back afterwards. SIGKILL cannot be caught; a killed report still leaves its partial
/// file.
///
/// The handler is a plain C signal handler that calls only async-signal-safe functions (`unlink`, `signal`,
/// `raise`) on a path copied beforehand, so it works however often, and on whichever thread, it runs.
enum InterruptCleanup {
    /// The signals that interrupt a command and can be caught.
    static let signals: [Int32] = [SIGINT, SIGTERM, SIGHUP]

    /// Runs `body`; if one of ``signals`` arrives meanwhile, removes the file at `path` and ends the process
    /// by that signal. Calls do not nest.
    static func removing<Result>(_ path: String, while body: () throws -> Result) rethrows -> Result {
        let copy = strdup(path)
        pathToRemove = copy
        var previous: [(signal: Int32, handler: sighandler_t?)] = []
        for signalNumber in signals {
            let handler = signal(signalNumber, removeAndReraise)
            if isIgnore(handler) {
                signal(signalNumber, handler)  // Ignored on purpose before us: leave it so.
            } else {
                previous.append((signalNumber, handler))
            }
        }
        // A parent may have spawned us with these signals blocked (a signal mask is inherited); while the file
        // exists they must get through, on this thread and the report's workers, which inherit its mask.
        var handled = sigset_t()
        sigemptyset(&handled)
        for (signalNumber, _) in previous {
            sigaddset(&handled, signalNumber)
        }
        var previousMask = sigset_t()
        pthread_sigmask(SIG_UNBLOCK, &handled, &previousMask)
        defer {
            pthread_sigmask(SIG_SETMASK, &previousMask, nil)
            for (signalNumber, handler) in previous {
                signal(signalNumber, handler)
            }
            pathToRemove = nil
            free(copy)
        }
        return try body()
    }

    private static func isIgnore(_ handler: sighandler_t?) -> Bool {
        guard let handler else { return false }
        return unsafeBitCast(handler, to: Int.self) == unsafeBitCast(SIG_IGN, to: Int.self)
    }
}

/// The file a signal handler removes, as a C string; set only while ``InterruptCleanup/removing(_:while:)``
/// runs.
nonisolated(unsafe) private var pathToRemove: UnsafeMutablePointer<CChar>?

/// Removes ``pathToRemove`` and ends the process by `signalNumber` with its default action: the signal is
/// blocked while its handler runs, so it is delivered again, fatally, as the handler returns.
private func removeAndReraise(_ signalNumber: Int32) {
    if let path = pathToRemove {
        unlink(path)
    }
    signal(signalNumber, SIG_DFL)
    raise(signalNumber)
}
