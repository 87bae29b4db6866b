import Foundation

/// Lets go of large values on a thread of their own.
enum BackgroundRelease {
    /// Destroys `value` on a new thread, so that the caller need not wait while it is freed. A report of
    /// 100k commitments holds millions of small allocations, and freeing them one by one took a quarter of a
    /// second after the last byte was written — time a command that has written its report can spend
    /// finishing, or exiting, instead.
    static func destroy<Value: Sendable>(_ value: consuming Value) {
        let held = HeldValue(value)
        Thread { held.release() }.start()
    }
}

/// A value that one thread hands over and another lets go of: set on the first, before the second starts;
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
