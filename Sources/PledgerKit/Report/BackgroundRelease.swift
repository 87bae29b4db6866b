import Foundation

/// Lets go of large values off the caller's thread.
enum BackgroundRelease {
    /// The queue values are freed on, one after another: a process that writes report after report frees
    /// them in turn, on one thread at most, rather than on a thread per report.
    private static let queue = DispatchQueue(label: "org.pledger.background-release", qos: .utility)

    /// How many elements — commitments, dossiers, table rows — a value must hold to be freed here: below it,
    /// freeing takes less time than handing over.
    static let threshold = 10_000

    /// Destroys `value` on a background queue, so that the caller need not wait while it is freed. A report
    /// of 100k commitments holds millions of small allocations, and freeing them one by one took a quarter of
    /// a second after the last byte was written — time a command that has written its report can spend
    /// finishing, or exiting, instead.
    static func destroy<Value: Sendable>(_ value: consuming Value) {
        let held = HeldValue(value)
        queue.async { held.release() }
    }
}

/// A value that one thread hands over and another lets go of: set on the first, before it is handed over;
/// cleared on the second only.
private final class HeldValue<Value: Sendable>: @unchecked Sendable {
    private var value: Value?

    init(_ value: consuming Value) {
        self.value = value
    }

    func release() {
        value = nil
    }
}
